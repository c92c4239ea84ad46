package dev.smsworker.worker.dedup;

/**
 * The sent-id record could not be read and {@code sms.dedup.required} is on: the message must not be
 * sent now. The pipeline hands it back to the broker unsent.
 */
public class SentRecordUnavailableException extends RuntimeException {

    SentRecordUnavailableException(String operation, Throwable cause) {
        super("sent-record store failed on " + operation + " (" + cause.getClass().getSimpleName()
                + ") and sms.dedup.required is on", null, false, false);
    }
}
