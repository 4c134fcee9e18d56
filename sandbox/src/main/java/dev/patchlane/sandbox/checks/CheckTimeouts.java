package dev.patchlane.sandbox.checks;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Check timeouts as people write them: a whole number and a unit, {@code 1500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
final class CheckTimeouts {

    private static final Pattern TEXT = Pattern.compile("(-?)([0-9]{1,9})(ms|s|m|h)");

    private CheckTimeouts() {
    }

    /** The duration written in {@code text}, refused unless it is positive and at most {@code max} (null: no bound). */
    static Duration parse(String field, String text, Duration max) {
        Matcher matcher = TEXT.matcher(text);
        if (!matcher.matches()) {
            throw new CheckRuleException(field, quote(text) + " is not a duration; write e.g. 30s, 2m or 1500ms");
        }
        long amount = Long.parseLong(matcher.group(2));
        if (!matcher.group(1).isEmpty() || amount == 0) {
            throw new CheckRuleException(field, text + " is not positive");
        }
        Duration duration = switch (matcher.group(3)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return bounded(field, duration, text, max);
    }

    /** A timeout already typed as a duration, refused unless positive and at most {@code max} (null: no bound). */
    static Duration check(String field, Duration duration, Duration max) {
        if (duration.isZero() || duration.isNegative()) {
            throw new CheckRuleException(field, format(duration) + " is not positive");
        }
        return bounded(field, duration, format(duration), max);
    }

    /** The shortest exact spelling of a duration in this format's units. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis != 0 && millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }

    private static Duration bounded(String field, Duration duration, String text, Duration max) {
        if (max != null && duration.compareTo(max) > 0) {
            throw new CheckRuleException(field, text + " is above the limit of " + format(max));
        }
        return duration;
    }

    private static String quote(String text) {
        return '"' + CheckRules.printable(text) + '"';
    }
}
