package dev.smsworker.worker.topology;

/** Quorum queues replicate across a cluster; classic queues are for brokers that lack quorum support. */
enum QueueType {
    QUORUM, CLASSIC
}
