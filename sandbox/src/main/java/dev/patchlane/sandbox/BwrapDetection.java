package dev.patchlane.sandbox;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether bubblewrap sandboxing works on this machine.
 *
 * @param runner the runner, when it does
 * @param unavailableReason why it does not, e.g. "bwrap is not installed (Debian package bubblewrap)"; null when it does
 */
public record BwrapDetection(Optional<BwrapRunner> runner, String unavailableReason) {

    public BwrapDetection {
        Objects.requireNonNull(runner, "runner");
        if (runner.isEmpty() == (unavailableReason == null)) {
            throw new IllegalArgumentException("either a runner or the reason there is none");
        }
    }

    static BwrapDetection available(BwrapRunner runner) {
        return new BwrapDetection(Optional.of(runner), null);
    }

    static BwrapDetection unavailable(String reason) {
        return new BwrapDetection(Optional.empty(), reason);
    }

    public boolean isAvailable() {
        return runner.isPresent();
    }
}
