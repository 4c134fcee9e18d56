package dev.patchlane.decoding;

import java.util.Optional;

/** Inspects a stream as it grows and says when it is clearly going wrong, so it can be cancelled early. */
@FunctionalInterface
public interface StreamGuard {

    StreamGuard NONE = text -> Optional.empty();

    /** A reason to abort, given all text so far. */
    Optional<String> check(CharSequence textSoFar);
}
