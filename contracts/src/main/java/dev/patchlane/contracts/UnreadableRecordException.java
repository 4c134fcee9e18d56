package dev.patchlane.contracts;

/** A record that cannot be turned into its contract type; its message is the reason given to the dead-letter topic. */
public class UnreadableRecordException extends RuntimeException {

    public UnreadableRecordException(String reason) {
        super(reason);
    }

    public UnreadableRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
