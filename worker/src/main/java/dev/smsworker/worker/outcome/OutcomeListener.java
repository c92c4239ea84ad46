package dev.smsworker.worker.outcome;

import dev.smsworker.worker.message.MessageContext;

/**
 * Observes outcomes once they are stored: the log line, the metrics, the status events are each one
 * implementation (as OkHttp's {@code EventListener} is one interface for everything that watches a call).
 * Called in {@link org.springframework.core.annotation.Order} on the message's thread, with the message's
 * {@link dev.smsworker.worker.observability.LogContext} open; never for a message handed back to the broker.
 *
 * <p>An implementation must not throw: the outcome is stored by then, and an exception would fail a
 * message that was, say, sent.
 */
public interface OutcomeListener {

    void stored(MessageContext context, Outcome outcome);
}
