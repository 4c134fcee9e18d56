package dev.patchlane.worker.guard;

import dev.patchlane.decoding.StreamGuard;
import dev.patchlane.decoding.prompt.Answer;
import java.util.Optional;

/** Cancels a stream that has said this much without opening a diff or saying NO_CHANGE; decides once, then stays quiet. */
final class OffTrackGuard implements StreamGuard {

    private final int patience;
    private int settledAt = -1;

    OffTrackGuard(int patience) {
        this.patience = patience;
    }

    @Override
    public Optional<String> check(CharSequence textSoFar) {
        if (settledAt >= 0 && textSoFar.length() >= settledAt) {
            return Optional.empty();
        }
        settledAt = -1;
        if (!Answer.clearlyOffTrack(textSoFar, patience)) {
            if (textSoFar.length() >= patience) {
                settledAt = textSoFar.length();
            }
            return Optional.empty();
        }
        return Optional.of(patience + " characters without a diff or NO_CHANGE");
    }
}
