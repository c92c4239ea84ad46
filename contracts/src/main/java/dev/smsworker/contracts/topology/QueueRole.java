package dev.smsworker.contracts.topology;

/** What a queue is for, which decides what a drift of its settings can cost. */
public enum QueueRole {
    /** {@code sms.send}, {@code sms.send.otp}, {@code sms.unrouted}: requests waiting for the worker. */
    WORK,
    /** {@code sms.retry.<delay>}: holds a message for its TTL, then dead-letters it back to {@code sms}. */
    DELAY,
    /** {@code sms.failed}: keeps everything until ops take it out. */
    FAILED,
    /** {@code sms.receipts}: delivery receipts the worker accepted from providers; nowhere to dead-letter to. */
    RECEIPTS,
    /** {@code sms.feedback}: "code used" feedback from login services; nowhere to dead-letter to. */
    FEEDBACK
}
