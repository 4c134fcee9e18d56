package dev.patchlane.codebase;

/** A repository could not be reached, read or written; the message says which and why. */
public class CodebaseException extends RuntimeException {

    public CodebaseException(String message) {
        super(message);
    }

    public CodebaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
