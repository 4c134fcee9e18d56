package dev.patchlane.sink.prepare;

/** A structured result the sink will not publish; the job is then REJECTED with this message as the reason. */
public class ResultRejectedException extends RuntimeException {

    public ResultRejectedException(String message) {
        super(message);
    }
}
