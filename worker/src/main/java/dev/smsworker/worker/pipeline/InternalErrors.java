package dev.smsworker.worker.pipeline;

import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.worker.message.Failure;
import dev.smsworker.worker.message.MessageContext;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import java.time.Instant;
import java.util.UUID;

/** What the pipeline records when its own code throws: a reason free of personal data. */
final class InternalErrors {

    /** The {@code sms-error-code} of a message whose processing threw. */
    static final String CODE = "internal-error";

    private InternalErrors() {
    }

    /**
     * The exception's class only: its message may quote the request (OkHttp quotes a rejected header
     * value; a parser quotes the text it choked on), and that can be a phone number or the body.
     */
    static Failure failure(RuntimeException e) {
        return Failure.of(ErrorClass.MESSAGE_FATAL, CODE, "unexpected " + e.getClass().getName() + " in the worker");
    }

    /** The stack trace for the log, under a message that is only the class name, for the same reason. */
    static Throwable withoutMessage(Throwable e) {
        MessageWithheld copy = new MessageWithheld(e, e.getCause() == null ? null : withoutMessage(e.getCause()));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** Stands in for an exception in the log: its class and stack trace, not its message. */
    static final class MessageWithheld extends RuntimeException {
        MessageWithheld(Throwable original, Throwable cause) {
            super(original.getClass().getName() + " (message withheld)", cause, false, true);
        }
    }

    /**
     * The context of a message whose intake itself threw: ids from the AMQP properties when they are
     * sane, first attempt now. Enough to write it to sms.failed with its original headers and body.
     */
    static MessageContext bareContext(Message message, String sourceQueue, Instant now) {
        MessageProperties properties = message.getMessageProperties();
        String messageId = saneOrNull(properties.getMessageId());
        String correlationId = saneOrNull(properties.getCorrelationId());
        return new MessageContext(message, messageId != null ? messageId : UUID.randomUUID().toString(),
                correlationId != null ? correlationId : UUID.randomUUID().toString(), null, 1, now,
                properties.getReceivedRoutingKey(), sourceQueue);
    }

    private static String saneOrNull(String id) {
        return id != null && !id.isBlank() && id.length() <= 200 ? id : null;
    }
}
