package dev.smsworker.worker.failover;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.time.Duration;

/**
 * Kept requests in this process: each for its own time to live, all within {@code sms.receipts.failover.max-memory}
 * (the oldest go first past it). Lost on restart: a receipt for an earlier send then finds nothing to send again.
 */
final class InMemoryKeptRequests implements KeptRequests {

    private record Entry(KeptRequest request, long ttlNanos) {
    }

    private final Cache<String, Entry> requests;

    InMemoryKeptRequests(long maxBytes) {
        this.requests = Caffeine.newBuilder()
                // Evictions on the writing thread, not on the common pool (one thread on 2 cores, and starved when
                // the machine is busy): the bound holds once keep() returns, not some time later. A suite run with
                // two busy loops found 121 requests of ~1.6 KB kept in a 64 KiB store.
                .executor(Runnable::run)
                .maximumWeight(maxBytes)
                .weigher((String id, Entry entry) -> entry.request().weight())
                .expireAfter(Expiry.<String, Entry>writing((id, entry) -> Duration.ofNanos(entry.ttlNanos())))
                .build();
    }

    @Override
    public void keep(KeptRequest request, Duration ttl) {
        requests.put(request.messageId(), new Entry(request, ttl.toNanos()));
    }

    @Override
    public KeptRequest find(String messageId) {
        Entry entry = requests.getIfPresent(messageId);
        return entry == null ? null : entry.request();
    }
}
