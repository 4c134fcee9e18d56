package dev.patchlane.app.cli.client;

/** The service could not be reached or did not answer; the message says so in words, for the user. */
public final class ServiceUnreachable extends RuntimeException {

    public ServiceUnreachable(String message) {
        super(message);
    }
}
