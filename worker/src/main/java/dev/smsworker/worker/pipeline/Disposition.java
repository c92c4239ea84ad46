package dev.smsworker.worker.pipeline;

/** What to tell the broker about a consumed message once the pipeline is done with it. */
public enum Disposition {
    /** Its outcome is stored (sent, or confirmed in a delay or the failed queue): remove it. */
    ACK,
    /** Its outcome could not be stored: hand it back so it is processed again. */
    REQUEUE
}
