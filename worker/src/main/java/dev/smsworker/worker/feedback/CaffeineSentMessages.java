package dev.smsworker.worker.feedback;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;

/**
 * Sent messages in this process (Caffeine): expire {@code ttl} after their last write (the send, or the conversion),
 * at most {@code maxRecords}. Lost on restart; feedback for a message another worker sent counts as unmatched.
 */
final class CaffeineSentMessages implements SentMessages {

    /** The record and whether feedback has counted it. */
    private record Entry(SentMessage sent, boolean converted) {
    }

    private final Cache<String, Entry> entries;

    CaffeineSentMessages(Duration ttl, long maxRecords) {
        this(ttl, maxRecords, Ticker.systemTicker());
    }

    /** {@code ticker}: tests move time on without waiting for it. */
    CaffeineSentMessages(Duration ttl, long maxRecords, Ticker ticker) {
        this.entries = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxRecords).ticker(ticker).build();
    }

    @Override
    public void remember(String messageId, SentMessage sent) {
        entries.asMap().merge(messageId, new Entry(sent, false), (old, fresh) -> new Entry(sent, old.converted()));
    }

    @Override
    public Conversion convert(String messageId) {
        Conversion[] result = {new Conversion.Unmatched()};
        // computeIfPresent is atomic per key: two copies of one feedback on two consumer threads count once.
        entries.asMap().computeIfPresent(messageId, (id, entry) -> {
            result[0] = entry.converted() ? new Conversion.Duplicate() : new Conversion.Counted(entry.sent());
            return new Entry(entry.sent(), true);
        });
        return result[0];
    }

    /** Records held now, after pending evictions: for tests and the memory figure. */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
