package dev.smsworker.worker.intake;

import dev.smsworker.worker.message.MessageContext;

/** A consumed message: what we know about it, and its body read against the contract. */
public record Received(MessageContext context, ReadResult result) {
}
