package dev.smsworker.contracts.topology;

/**
 * An exchange as sms-worker declares it (durable).
 *
 * @param type              {@code topic} or {@code fanout}
 * @param alternateExchange where unroutable messages go, or null
 */
public record ExpectedExchange(String name, String type, String alternateExchange) {
}
