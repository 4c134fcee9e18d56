package dev.patchlane.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * Tells a launcher's own error (bwrap, prlimit or setpriv could not set up or exec the command) from the command's
 * failure: those tools print a single line starting with their name and exit with 1, 126 or 127.
 */
final class LaunchFailure {

    private static final List<String> PREFIXES = List.of("bwrap: ", "prlimit: ", "setpriv: ");

    private LaunchFailure() {
    }

    /** {@code whole} is whether {@code output} is all the run printed, not just its tail. */
    static Optional<String> in(int status, String output, boolean whole) {
        if (status != 1 && status != 126 && status != 127) {
            return Optional.empty();
        }
        String line = output.strip();
        if (!whole || line.isEmpty() || line.contains("\n")) {
            return Optional.empty();
        }
        return PREFIXES.stream().anyMatch(line::startsWith) ? Optional.of("could not start: " + line) : Optional.empty();
    }
}
