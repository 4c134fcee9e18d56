package dev.patchlane.sandbox.verify;

import java.util.Locale;

/** How a repository's commands are isolated; only an operator's configuration can say {@link #NONE}, never the repository. */
public enum SandboxMode {
    /** In bubblewrap: no network, only the workspace writable, no inherited environment, limits. */
    BWRAP,
    /** Directly on the host, with limits but no isolation: an operator's explicit opt-out for a repository. */
    NONE;

    public static SandboxMode parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "bwrap" -> BWRAP;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("sandbox must be bwrap or none, not '" + text + "'");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
