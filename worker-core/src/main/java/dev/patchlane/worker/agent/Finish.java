package dev.patchlane.worker.agent;

import java.util.Locale;

/**
 * How the model ended its work.
 *
 * @param kind {@code patch}, {@code no_change} or {@code give_up}
 * @param summary what it did, or why nothing needs changing, or why it cannot
 */
record Finish(Kind kind, String summary) {

    enum Kind {
        PATCH,
        NO_CHANGE,
        GIVE_UP;

        static Kind parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }
}
