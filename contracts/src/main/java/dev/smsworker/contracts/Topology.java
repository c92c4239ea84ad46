package dev.smsworker.contracts;

import java.time.Duration;

/** Exchange, queue and routing-key names publishers and ops tools rely on. */
public final class Topology {

    /** Topic exchange requests are published to, with routing key {@code send.<kind>}. */
    public static final String EXCHANGE = "sms";
    /**
     * RabbitMQ's hard ceiling for a message body ({@code max_message_size} cannot exceed it). Readers of our
     * queues accept up to this: the AMQP client's default (64 MiB) is below what the broker may hold, and
     * a bigger message makes it close the connection.
     */
    public static final int MAX_MESSAGE_BYTES = 512 * 1024 * 1024;
    public static final String SEND_ROUTING_KEY_PREFIX = "send.";
    /** The OTP lane: its own queue and consumers, so a marketing backlog never delays a login code. */
    public static final String OTP_QUEUE = "sms.send.otp";
    /** Transactional and marketing requests. */
    public static final String SEND_QUEUE = "sms.send";
    /** Alternate exchange of {@link #EXCHANGE}: catches requests whose routing key matches no queue. */
    public static final String UNROUTED_EXCHANGE = "sms.unrouted";
    public static final String UNROUTED_QUEUE = "sms.unrouted";
    /** Exhausted, fatal, malformed and expired messages, with headers that say why. Nothing here expires. */
    public static final String FAILED_EXCHANGE = "sms.failed";
    public static final String FAILED_QUEUE = "sms.failed";
    /**
     * Status events, routing keys {@code sent}, {@code retrying}, {@code failed}, and, from delivery
     * receipts, {@code delivered} and {@code undelivered}.
     */
    public static final String EVENTS_EXCHANGE = "sms.events";
    /**
     * What every delay exchange and queue is named by: {@code sms.retry.<label>}, see {@link #delayQueue}.
     * The worker believes a message came back from one of its delay queues only when {@code x-death} names
     * a queue with this prefix (reason {@code expired}).
     */
    public static final String DELAY_PREFIX = "sms.retry.";

    /**
     * The delay exchange of a retry delay, and its queue, which has the same name: {@code sms.retry.1m} for
     * one minute, {@code sms.retry.90s}, {@code sms.retry.2h}, {@code sms.retry.1500ms}.
     *
     * @throws IllegalArgumentException for a delay that is zero or negative
     */
    public static String delayQueue(Duration delay) {
        return DELAY_PREFIX + delayLabel(delay);
    }

    /**
     * A delay's short name, in its queue's name and in the worker's metrics and log lines: the largest of
     * {@code h}, {@code m}, {@code s}, {@code ms} that divides it ({@code 1m}, {@code 90s}, {@code 2h},
     * {@code 500ms}), so one delay has one name whichever way it was configured ({@code 60s} is {@code 1m}).
     *
     * @throws IllegalArgumentException for a delay that is zero or negative
     */
    public static String delayLabel(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            throw new IllegalArgumentException("retry delays must be positive, got " + delay);
        }
        long millis = delay.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }

    /** Whether {@code name} is a delay exchange or queue (see {@link #DELAY_PREFIX}). */
    public static boolean isDelayQueue(String name) {
        return name != null && name.startsWith(DELAY_PREFIX);
    }

    /**
     * Delivery receipts (DLRs) the worker's receipt endpoints took from providers, normalised to
     * {@link DeliveryReceipt}: a fanout exchange and its durable queue, consumed by the worker only.
     */
    public static final String RECEIPTS_EXCHANGE = "sms.receipts";
    public static final String RECEIPTS_QUEUE = "sms.receipts";

    /**
     * Routing key of {@link ConversionFeedback} on {@link #EXCHANGE}: a login service says a code was used. Bound to
     * {@link #FEEDBACK_QUEUE} only; the send lanes are bound by their exact {@code send.<kind>} keys, so feedback never
     * reaches a lane, nor the alternate exchange.
     */
    public static final String FEEDBACK_ROUTING_KEY = "feedback.verified";
    /** Conversion feedback waiting for the worker, which counts it per provider and country. */
    public static final String FEEDBACK_QUEUE = "sms.feedback";

    private Topology() {
    }
}
