package dev.smsworker.worker.observability;

import dev.smsworker.worker.message.MessageContext;
import org.slf4j.MDC;

/**
 * Puts a message's ids into the logging context, so every log line about it carries them as JSON
 * fields. Never the number or the body: those stay out of logs.
 */
public final class LogContext implements AutoCloseable {

    static final String CORRELATION_ID = "correlationId";
    static final String MESSAGE_ID = "messageId";
    static final String ATTEMPT = "attempt";
    static final String KIND = "kind";
    static final String PROVIDER = "provider";
    static final String OUTCOME = "outcome";

    private LogContext() {
    }

    public static LogContext of(MessageContext context) {
        MDC.put(CORRELATION_ID, context.correlationId());
        MDC.put(MESSAGE_ID, context.messageId());
        MDC.put(ATTEMPT, String.valueOf(context.attempt()));
        if (context.kind() != null) {
            MDC.put(KIND, context.kind().wireName());
        }
        return new LogContext();
    }

    public static void outcome(String outcome, String provider) {
        MDC.put(OUTCOME, outcome);
        if (provider != null) {
            MDC.put(PROVIDER, provider);
        }
    }

    @Override
    public void close() {
        MDC.remove(CORRELATION_ID);
        MDC.remove(MESSAGE_ID);
        MDC.remove(ATTEMPT);
        MDC.remove(KIND);
        MDC.remove(PROVIDER);
        MDC.remove(OUTCOME);
    }
}
