package dev.patchlane.contracts;

/** What a job asks for. */
public enum JobKind {
    ISSUE,
    LINT_FIX,
    TEST_GENERATION,
    MIGRATION;

    /** The kind as it appears in branch names, e.g. {@code lint-fix}. */
    public String slug() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
