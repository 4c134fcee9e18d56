package dev.patchlane.codebase;

/**
 * A proposed new content for one file.
 *
 * @param path repository-relative path
 * @param before the current text, or null when the file is new
 * @param after the proposed text
 */
public record FileChange(String path, String before, String after) {
}
