package dev.patchlane.app.cli.client;

/** The service answered something this client cannot read; the message says what, for the user. */
public final class UnexpectedAnswer extends RuntimeException {

    public UnexpectedAnswer(String message) {
        super(message);
    }
}
