package dev.smsworker.worker.dedup;

import java.util.Optional;

/** {@code sms.dedup.store=none}: every delivery is sent, redelivered or not, and nothing is claimed. */
final class NoSentStore implements SentStore {

    @Override
    public Optional<IdHolder> claim(String messageId, InFlight claim) {
        return Optional.empty();
    }

    @Override
    public boolean renew(String messageId, InFlight claim) {
        return true;
    }

    @Override
    public void remember(String messageId, InFlight claim, SentRecord record) {
    }

    @Override
    public void release(String messageId, InFlight claim) {
    }
}
