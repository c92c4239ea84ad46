package dev.smsworker.worker.dedup;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Claims and sent ids in this process, bounded and expiring. Covers a delivery the broker hands back
 * after the connection or channel was lost between send and ack while this worker lives on, and two
 * copies of one message arriving at once here; not a crash or a redelivery to another worker (use
 * {@code redis} for those). Sent records live in a {@link SentTable} of {@code max-entries}; claims, one
 * per send in progress, in a map that drops claims not renewed for {@code claim-timeout}.
 */
final class InMemorySentStore implements SentStore {

    /** Above this many claims, expired ones (left by a send that ended in a bug) are swept out. */
    private static final int SWEEP_ABOVE = 10_000;

    private final SentTable sent;
    private final ConcurrentMap<MessageKey, Held> claims = new ConcurrentHashMap<>();
    private final long claimMillis;
    private final Clock clock;

    private record Held(InFlight claim, long untilMillis) {
    }

    InMemorySentStore(DedupProperties properties, Clock clock) {
        this.sent = new SentTable(Math.toIntExact(properties.maxEntries()), properties.ttl().toMillis());
        this.claimMillis = properties.claimTimeout().toMillis();
        this.clock = clock;
    }

    @Override
    public Optional<IdHolder> claim(String messageId, InFlight claim) {
        MessageKey key = MessageKey.of(messageId);
        long now = clock.millis();
        Held mine = new Held(claim, now + claimMillis);
        // A live claim of another delivery stays; our own (asked again) is renewed.
        Held holder = claims.compute(key, (k, current) ->
                current != null && current.untilMillis() > now && !current.claim().equals(claim) ? current : mine);
        if (holder != mine) {
            return Optional.of(holder.claim());
        }
        // Looked up after the claim is taken: a send that finished meanwhile wrote its record before
        // it dropped its claim, so it is seen here.
        SentRecord record = sent.find(key, now);
        if (record != null) {
            claims.remove(key, mine);
            return Optional.of(record);
        }
        if (claims.size() > SWEEP_ABOVE) {
            claims.values().removeIf(held -> held.untilMillis() <= now);
        }
        return Optional.empty();
    }

    @Override
    public boolean renew(String messageId, InFlight claim) {
        long now = clock.millis();
        Held renewed = claims.computeIfPresent(MessageKey.of(messageId), (k, held) ->
                held.claim().equals(claim) && held.untilMillis() > now ? new Held(claim, now + claimMillis) : held);
        return renewed != null && renewed.claim().equals(claim) && renewed.untilMillis() > now;
    }

    @Override
    public void remember(String messageId, InFlight claim, SentRecord record) {
        MessageKey key = MessageKey.of(messageId);
        sent.put(key, Fingerprint.ofHex(record.fingerprint()), record.provider(), record.providerMessageId(),
                record.sentAt().toEpochMilli());
        claims.computeIfPresent(key, (k, held) -> held.claim().equals(claim) ? null : held);
    }

    @Override
    public void release(String messageId, InFlight claim) {
        claims.computeIfPresent(MessageKey.of(messageId), (k, held) -> held.claim().equals(claim) ? null : held);
    }

    int claimsHeld() {
        return claims.size();
    }

    Duration claimTimeout() {
        return Duration.ofMillis(claimMillis);
    }
}
