package dev.smsworker.worker.dedup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.Optional;

/**
 * Sent ids in this process, bounded and expiring. Covers a delivery the broker hands back after the
 * connection or channel was lost between send and ack while this worker lives on; not a crash or a
 * redelivery to another worker (use {@code redis} for those).
 */
final class InMemorySentStore implements SentStore {

    private final Cache<String, SentRecord> sent;

    InMemorySentStore(DedupProperties properties) {
        this.sent = Caffeine.newBuilder()
                .expireAfterWrite(properties.ttl())
                .maximumSize(properties.maxEntries())
                .build();
    }

    @Override
    public Optional<SentRecord> find(String messageId) {
        return Optional.ofNullable(sent.getIfPresent(messageId));
    }

    @Override
    public void remember(String messageId, SentRecord record) {
        sent.put(messageId, record);
    }
}
