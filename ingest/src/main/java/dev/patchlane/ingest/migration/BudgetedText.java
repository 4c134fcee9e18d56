package dev.patchlane.ingest.migration;

/** A string that counts how often a regular expression reads it, and stops it past a budget. */
final class BudgetedText implements CharSequence {

    /** The budget ran out. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("budget exhausted", null, false, false);
        }
    }

    private final String text;
    private final int[] left;

    BudgetedText(String text, int budget) {
        this(text, new int[] {budget});
    }

    private BudgetedText(String text, int[] left) {
        this.text = text;
        this.left = left;
    }

    @Override
    public char charAt(int index) {
        if (--left[0] < 0) {
            throw new Exhausted();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BudgetedText(text.substring(start, end), left);
    }

    @Override
    public String toString() {
        return text;
    }
}
