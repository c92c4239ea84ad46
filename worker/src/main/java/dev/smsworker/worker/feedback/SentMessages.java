package dev.smsworker.worker.feedback;

/**
 * The record of sent messages conversion feedback is matched against, bounded by {@code sms.feedback.record-ttl}
 * (and, in memory, {@code .max-records}). Thread-safe.
 */
interface SentMessages {

    /**
     * Remembers that {@code messageId} was sent; a later send of the same id (a retry after an ambiguous send) replaces
     * the record, but not whether it was converted.
     *
     * @throws RuntimeException when the store fails (Redis away)
     */
    void remember(String messageId, SentMessage sent);

    /**
     * Marks {@code messageId} converted, once: the first call for a remembered message is {@link Conversion.Counted},
     * every later one {@link Conversion.Duplicate}, also between workers sharing Redis.
     *
     * @throws RuntimeException when the store fails (Redis away)
     */
    Conversion convert(String messageId);
}
