package dev.smsworker.contracts;

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
     * Delivery receipts (DLRs) the worker's receipt endpoints took from providers, normalised to
     * {@link DeliveryReceipt}: a fanout exchange and its durable queue, consumed by the worker only.
     */
    public static final String RECEIPTS_EXCHANGE = "sms.receipts";
    public static final String RECEIPTS_QUEUE = "sms.receipts";

    private Topology() {
    }
}
