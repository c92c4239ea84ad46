package dev.smsworker.worker.dedup;

import java.util.Optional;

/** {@code sms.dedup.store=none}: every delivery is sent, redelivered or not. */
final class NoSentStore implements SentStore {

    @Override
    public Optional<SentRecord> find(String messageId) {
        return Optional.empty();
    }

    @Override
    public void remember(String messageId, SentRecord record) {
    }
}
