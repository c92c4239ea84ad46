package dev.smsworker.contracts;

/**
 * AMQP header names of the contract. Ours carry no {@code x-} prefix: RabbitMQ reserves it and turns
 * such headers into annotations for AMQP 1.0 consumers.
 */
public final class Headers {

    /** The correlation id the publisher sets; kept through every retry, replay, log line and event. */
    public static final String CORRELATION_ID = "correlation-id";
    /** Also accepted from publishers, after {@link #CORRELATION_ID} and before the AMQP property. */
    public static final String X_CORRELATION_ID = "x-correlation-id";

    /** How many send attempts were made; absent on a fresh request. Never derived from {@code x-death}. */
    public static final String ATTEMPT = "sms-attempt";
    /** ISO-8601 instant of the first attempt. */
    public static final String FIRST_ATTEMPT_AT = "sms-first-attempt-at";
    /** An {@link ErrorClass} name: why the last attempt did not send. */
    public static final String ERROR_CLASS = "sms-error-class";
    /** A short machine code: the provider's error code or one of the worker's own. */
    public static final String ERROR_CODE = "sms-error-code";
    /** A short human reason without personal data. */
    public static final String ERROR_MESSAGE = "sms-error-message";
    /** The provider of the last attempt. */
    public static final String PROVIDER = "sms-provider";
    /** The last error of each provider tried in the last attempt, e.g. {@code twilio=RETRYABLE:503; vonage=...}. */
    public static final String PROVIDER_ERRORS = "sms-provider-errors";
    /** ISO-8601 instant the message went to the failed queue. */
    public static final String FAILED_AT = "sms-failed-at";
    /** The work queue the message was consumed from. */
    public static final String SOURCE_QUEUE = "sms-source-queue";
    /** The routing key the publisher used, kept so a replay can publish under it again. */
    public static final String ROUTING_KEY = "sms-routing-key";
    /**
     * Set when an earlier attempt may have reached the handset although it did not end as sent: a provider
     * timed out after the request was written, or answered 2xx with a body that could not be read. Value:
     * {@code provider:reason} entries joined by {@code ", "} (e.g. {@code twilio:timeout-after-write}). Kept on
     * every republish once set; {@code sms-ops replay} skips such messages unless told otherwise.
     */
    public static final String MAYBE_DELIVERED = "sms-maybe-delivered";
    /**
     * On a copy the worker sends again after a provider's delivery receipt said the SMS was not delivered and
     * another route may succeed (issue 12): the providers that reported non-delivery, as {@code provider:code}
     * entries joined by {@code ", "} (e.g. {@code twilio:30003}). The copy is not sent through them again, and its
     * sent-id claim is its own ({@code <messageId> undelivered-by <providers>}), so the original's sent record
     * still stops any other copy of the original. Kept on every republish once set.
     */
    public static final String UNDELIVERED_BY = "sms-undelivered-by";
    /**
     * Names the publisher's headers the worker dropped when it republished the message (to a delay queue or
     * {@code sms.failed}) because together they were too large to carry on: AMQP sends all headers in one frame
     * ({@code frame_max}, 128 KiB by default) and the worker keeps the publisher's headers within half of it,
     * dropping the largest first. Value: the names, largest first, joined by {@code ","}; past 1,000 characters
     * the rest is counted, {@code a,b (+12 more)}. Absent when nothing was dropped; kept by later republishes
     * and by {@code sms-ops replay}.
     */
    public static final String DROPPED_HEADERS = "sms-dropped-headers";
    /**
     * On a copy waiting in a delay queue without having spent an attempt: the guard rule that holds it, e.g.
     * {@code spend-cap} (a kind at its spend cap with {@code sms.spend.caps.<kind>.at-cap=hold}). The message comes
     * back to its lane after the delay and is sent once the rule lets it go. Only ever on a held copy: every other
     * republish removes it, and {@code sms-ops replay} strips it.
     */
    public static final String HELD = "sms-held";
    /** With {@link #HELD}: ISO-8601 instant the message was first held, kept while it is held again and again. */
    public static final String HELD_SINCE = "sms-held-since";
    /** How many times ops replayed the message from the failed queue. */
    public static final String REPLAY_COUNT = "sms-replay-count";
    /** ISO-8601 instant of the last replay. */
    public static final String REPLAYED_AT = "sms-replayed-at";

    /**
     * On a message in the failed queue: what its body is sent as, {@code gsm-7} or {@code ucs-2} (see
     * {@code sms-segments}). Absent when the body could not be read.
     */
    public static final String ENCODING = "sms-encoding";
    /** On a message in the failed queue: the number of SMS segments its body takes (what a provider bills). */
    public static final String SEGMENTS = "sms-segments";

    private Headers() {
    }
}
