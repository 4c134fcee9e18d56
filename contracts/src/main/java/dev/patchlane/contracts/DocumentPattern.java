package dev.patchlane.contracts;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A JSON Schema {@code pattern} from an untrusted schema: JDK syntax, unanchored like JSON Schema, and a bounded
 * amount of matching work, so a pattern such as {@code (a+)+$} cannot stall a worker. A match that would take more
 * work than the budget counts as no match, so validation fails closed.
 */
public final class DocumentPattern {

    public static final int MAX_PATTERN_LENGTH = 4096;

    private static final long BASE_BUDGET = 1_000_000;
    private static final long BUDGET_PER_CHAR = 64;

    private final Pattern pattern;

    private DocumentPattern(Pattern pattern) {
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException when the pattern is too long or not a regular expression */
    public static DocumentPattern compile(String regex) {
        if (regex == null) {
            throw new IllegalArgumentException("no pattern");
        }
        if (regex.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException("a pattern is " + regex.length() + " characters, over the limit of " + MAX_PATTERN_LENGTH);
        }
        try {
            return new DocumentPattern(Pattern.compile(regex));
        } catch (PatternSyntaxException | StackOverflowError e) {
            throw new IllegalArgumentException("'" + abbreviate(regex) + "' is not a regular expression: "
                    + (e instanceof PatternSyntaxException syntax ? syntax.getDescription() : "nested too deeply"));
        }
    }

    /** Whether the pattern occurs anywhere in {@code value}; false too when finding out would take too much work. */
    public boolean find(String value) {
        if (value == null) {
            return false;
        }
        try {
            return pattern.matcher(new Budgeted(value, BASE_BUDGET + BUDGET_PER_CHAR * value.length())).find();
        } catch (Exhausted | StackOverflowError e) {
            return false;
        }
    }

    public String regex() {
        return pattern.pattern();
    }

    /** The factory {@link DocumentSchema} gives networknt, so {@code pattern} and {@code patternProperties} are bounded too. */
    static RegularExpressionFactory factory() {
        return regex -> {
            DocumentPattern compiled = compile(regex);
            return (RegularExpression) compiled::find;
        };
    }

    private static String abbreviate(String regex) {
        return regex.length() <= 80 ? regex : regex.substring(0, 80) + "…";
    }

    /** The text being matched, counting every character the matcher reads. */
    private static final class Budgeted implements CharSequence {

        private final String text;
        private long left;

        Budgeted(String text, long budget) {
            this.text = text;
            this.left = budget;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw Exhausted.INSTANCE;
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final class Exhausted extends RuntimeException {

        static final Exhausted INSTANCE = new Exhausted();

        private Exhausted() {
            super("regular expression budget exhausted", null, false, false);
        }
    }
}
