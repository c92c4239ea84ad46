package dev.smsworker.worker.topology;

/** Who creates the exchanges and queues: the worker at each start, or a deploy step before it. */
public enum TopologyMode {
    /** The worker declares everything (needs configure permission): the quick start, tests. */
    DECLARE,
    /** The worker only passively declares and runs the drift check: production, least privilege. */
    VERIFY
}
