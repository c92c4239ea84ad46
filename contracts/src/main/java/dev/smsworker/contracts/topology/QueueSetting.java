package dev.smsworker.contracts.topology;

/**
 * A queue setting RabbitMQ takes from a queue argument ({@code x-<key>}), a policy or an operator policy,
 * named as in policies. Which source wins is RabbitMQ's rule, per queue type (see {@link AppliedQueue}).
 */
public enum QueueSetting {
    QUEUE_TYPE("queue-type", false),
    MESSAGE_TTL("message-ttl", true),
    MAX_LENGTH("max-length", true),
    MAX_LENGTH_BYTES("max-length-bytes", true),
    OVERFLOW("overflow", false),
    DEAD_LETTER_EXCHANGE("dead-letter-exchange", false),
    DEAD_LETTER_ROUTING_KEY("dead-letter-routing-key", false),
    DEAD_LETTER_STRATEGY("dead-letter-strategy", false),
    DELIVERY_LIMIT("delivery-limit", true),
    EXPIRES("expires", true);

    private final String key;
    private final boolean limit;

    QueueSetting(String key, boolean limit) {
        this.key = key;
        this.limit = limit;
    }

    /** The policy key, e.g. {@code message-ttl}; also the {@code setting} label of {@code sms_topology_drift}. */
    public String key() {
        return key;
    }

    /** The queue argument, e.g. {@code x-message-ttl}. */
    public String argument() {
        return "x-" + key;
    }

    /** A numeric limit: where a queue argument and policies both set it, the smallest value applies. */
    public boolean isLimit() {
        return limit;
    }
}
