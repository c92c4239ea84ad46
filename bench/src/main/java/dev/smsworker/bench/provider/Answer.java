package dev.smsworker.bench.provider;

/** What the fake provider does with one call. {@link #accepted()} says whether the SMS counts as sent. */
public sealed interface Answer {

    long delayMillis();

    default boolean accepted() {
        return this instanceof Created || this instanceof AcceptAndDrop;
    }

    /** 201 with a message sid after {@code delayMillis}. */
    record Created(long delayMillis) implements Answer {
    }

    /** A Twilio error body; with a delay past the worker's read timeout it is a timeout. */
    record Error(int status, int code, long delayMillis) implements Answer {
    }

    /** The SMS is accepted, then the connection drops before the answer: the double-send case. */
    record AcceptAndDrop(long delayMillis) implements Answer {
    }

    static Answer created(long delayMillis) {
        return new Created(delayMillis);
    }

    static Answer unavailable() {
        return new Error(503, 20503, 0);
    }

    static Answer invalidNumber() {
        return new Error(400, 21211, 0);
    }
}
