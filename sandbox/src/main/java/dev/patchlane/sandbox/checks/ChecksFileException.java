package dev.patchlane.sandbox.checks;

/** A {@code .patchlane.yml} that was refused; the message names the file, the field and the problem. */
public final class ChecksFileException extends RuntimeException {

    public ChecksFileException(String message) {
        super(message);
    }
}
