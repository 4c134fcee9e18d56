package dev.patchlane.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who the worker runs as. */
final class HostUser {

    private HostUser() {
    }

    static boolean isRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
