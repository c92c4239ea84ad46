package dev.smsworker.worker.dedup;

import java.util.Optional;

/** Where sent message ids are remembered. Implementations may throw when their backend is unreachable. */
interface SentStore {

    Optional<SentRecord> find(String messageId);

    void remember(String messageId, SentRecord record);
}
