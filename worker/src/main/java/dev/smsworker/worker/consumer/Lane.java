package dev.smsworker.worker.consumer;

import dev.smsworker.contracts.Topology;

/** A work queue with its own consumers and in-flight budget, so one lane's backlog never delays another. */
enum Lane {
    OTP(Topology.OTP_QUEUE),
    SEND(Topology.SEND_QUEUE),
    UNROUTED(Topology.UNROUTED_QUEUE);

    final String queue;

    Lane(String queue) {
        this.queue = queue;
    }
}
