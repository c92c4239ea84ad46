package dev.smsworker.worker.messaging;

/** A republish that the broker did not confirm as stored: the original must not be acked. */
public class PublishFailedException extends Exception {

    /** Why: the difference matters, an unroutable message will stay unroutable if we just try again. */
    public enum Reason { UNROUTABLE, NACKED, TIMED_OUT, CONNECTION }

    private final Reason reason;

    public PublishFailedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
