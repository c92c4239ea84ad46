package dev.smsworker.contracts.topology;

/** A binding from exchange {@code source} to queue {@code queue}. */
public record ExpectedBinding(String source, String queue, String routingKey) {
}
