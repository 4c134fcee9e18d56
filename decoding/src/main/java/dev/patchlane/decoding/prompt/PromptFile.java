package dev.patchlane.decoding.prompt;

/**
 * A file shown to the model.
 *
 * @param path repository-relative path
 * @param content its text, or null when the file does not exist yet
 */
public record PromptFile(String path, String content) {
}
