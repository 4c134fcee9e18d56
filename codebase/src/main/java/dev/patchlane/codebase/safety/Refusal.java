package dev.patchlane.codebase.safety;

/**
 * One reason a patch was refused.
 *
 * @param rule the rule it breaks
 * @param path the repository path it concerns, or null when it concerns the whole patch
 * @param detail what is wrong, never the content of a line
 */
public record Refusal(RefusalRule rule, String path, String detail) {

    public static Refusal of(RefusalRule rule, String detail) {
        return new Refusal(rule, null, detail);
    }

    public String message() {
        return path == null ? detail : path + ": " + detail;
    }

    @Override
    public String toString() {
        return message();
    }
}
