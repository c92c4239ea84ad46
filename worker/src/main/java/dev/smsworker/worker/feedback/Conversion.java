package dev.smsworker.worker.feedback;

/** What one piece of "code used" feedback does to its message's record. */
sealed interface Conversion {

    /** The first feedback for a message the worker sent: one conversion. */
    record Counted(SentMessage sent) implements Conversion {
    }

    /** The message was already counted: a publisher's second copy, or a redelivery. Counted nothing. */
    record Duplicate() implements Conversion {
    }

    /** No record of the message: never sent by this worker (memory) or fleet (Redis), or sent before the record's TTL. */
    record Unmatched() implements Conversion {
    }
}
