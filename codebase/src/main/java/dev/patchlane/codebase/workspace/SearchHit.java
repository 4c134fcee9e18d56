package dev.patchlane.codebase.workspace;

/**
 * One line of a text file that holds the searched text.
 *
 * @param path repository-relative path of the file
 * @param line the line's number, counting from 1
 * @param text the line without its line break, or a window of {@value Checkout#MAX_HIT_CHARS} characters of it around
 *     the first hit where it is longer
 */
public record SearchHit(String path, int line, String text) {
}
