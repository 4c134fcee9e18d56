package dev.patchlane.decoding;

/** A decoder failed: unreachable, refused, timed out or broke its protocol. */
public class DecoderException extends RuntimeException {

    public DecoderException(String message) {
        super(message);
    }

    public DecoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
