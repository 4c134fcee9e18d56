package dev.patchlane.decoding.prompt;

/**
 * A file named to the model.
 *
 * @param path repository-relative path
 * @param content its text, or null when the file does not exist yet or is not shown
 * @param shown false when the prompt names the file without its content, for an agent to read with a tool
 */
public record PromptFile(String path, String content, boolean shown) {

    public PromptFile(String path, String content) {
        this(path, content, true);
    }

    /** A target the prompt names but does not show. */
    public static PromptFile unread(String path) {
        return new PromptFile(path, null, false);
    }
}
