package dev.patchlane.sandbox.verify;

import java.util.function.Supplier;

/**
 * Whose work the checks run on this thread are, so {@link CheckRunner} can share its slots out by tenant. Set by the
 * worker around one attempt; the checks of an attempt (its verification, the agent's run_check) run on its thread.
 */
public final class CheckOwner {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private CheckOwner() {
    }

    public static <T> T runAs(String owner, Supplier<T> work) {
        String before = CURRENT.get();
        CURRENT.set(owner);
        try {
            return work.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** The owner of the work on this thread, or null outside any attempt. */
    public static String current() {
        return CURRENT.get();
    }
}
