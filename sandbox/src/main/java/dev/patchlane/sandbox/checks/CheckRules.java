package dev.patchlane.sandbox.checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The rules every declared check obeys, wherever it was declared; each refusal names the field. */
final class CheckRules {

    static final int MAX_ARGS = 64;
    static final int MAX_TEXT = 4096;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,39}");
    private static final int MAX_SHOWN = 60;

    private CheckRules() {
    }

    static boolean isName(String name) {
        return NAME.matcher(name).matches();
    }

    static String name(String field, Object value) {
        if (!(value instanceof String name)) {
            throw new CheckRuleException(field, "must be a string, got " + describe(value));
        }
        if (!isName(name)) {
            throw new CheckRuleException(field, '"' + printable(name) + "\" is not a valid name: use 1 to 40 of a-z, 0-9,"
                    + " '_', '.' and '-', starting with a letter or digit");
        }
        return name;
    }

    static List<String> argv(String field, Object value) {
        if (value instanceof String) {
            throw new CheckRuleException(field, "must be a list of arguments such as [\"sh\", \"checks/test.sh\"], not a"
                    + " string; to run a command line through /bin/sh, write shell: instead");
        }
        if (!(value instanceof List<?> items)) {
            throw new CheckRuleException(field, "must be a list of arguments, got " + describe(value));
        }
        if (items.isEmpty()) {
            throw new CheckRuleException(field, "is empty; give the program and its arguments");
        }
        if (items.size() > MAX_ARGS) {
            throw new CheckRuleException(field, "holds " + items.size() + " arguments, more than the limit of " + MAX_ARGS);
        }
        List<String> argv = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            argv.add(text(field + "[" + i + "]", items.get(i)));
        }
        return List.copyOf(argv);
    }

    static String shellLine(String field, Object value) {
        return text(field, value);
    }

    static Duration timeout(String field, Object value, Duration max) {
        if (value instanceof Duration duration) {
            return CheckTimeouts.check(field, duration, max);
        }
        if (!(value instanceof String text)) {
            throw new CheckRuleException(field, describe(value) + " is not a duration; write it with a unit, e.g. 30s,"
                    + " 2m or 1500ms");
        }
        return CheckTimeouts.parse(field, text, max);
    }

    /** A short, single-line rendering of untrusted text for a message. */
    static String printable(String text) {
        String shown = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…" : text;
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static String text(String field, Object value) {
        if (!(value instanceof String text)) {
            throw new CheckRuleException(field, "must be a string, got " + describe(value) + "; quote it");
        }
        if (text.isEmpty()) {
            throw new CheckRuleException(field, "must not be empty");
        }
        int length = text.codePointCount(0, text.length());
        if (length > MAX_TEXT) {
            throw new CheckRuleException(field, "is " + length + " characters long, more than the limit of " + MAX_TEXT);
        }
        if (text.indexOf('\0') >= 0) {
            throw new CheckRuleException(field, "contains a NUL byte");
        }
        return text;
    }

    /** What a YAML value is, for a message: quoted text, or its kind. */
    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof String text) {
            return "\"" + printable(text) + "\"";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        return printable(String.valueOf(value)) + " (" + value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ")";
    }
}
