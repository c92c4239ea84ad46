package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Delivery records in this process, oldest first, bounded by {@code sms.receipts.max-records} and
 * {@code sms.receipts.record-ttl}. Lost on restart: receipts for earlier sends then count as unknown. One lock
 * for all: a receipt is a map lookup, far below the broker's rate of delivering them.
 */
final class InMemoryDeliveryRecords implements DeliveryRecords {

    private final long maxRecords;
    private final Duration ttl;
    private final Clock clock;
    private final LinkedHashMap<String, TrackedSend> sends = new LinkedHashMap<>();
    /** provider + our message id -> key in {@link #sends}, for receipts that carry only our reference. */
    private final Map<String, String> references = new HashMap<>();
    /** provider + our message id -> a record made by receipts that came before the send was recorded. */
    private final LinkedHashMap<String, TrackedSend> early = new LinkedHashMap<>();

    InMemoryDeliveryRecords(ReceiptsProperties properties, Clock clock) {
        this.maxRecords = properties.maxRecords();
        this.ttl = properties.recordTtl();
        this.clock = clock;
    }

    @Override
    public synchronized void track(TrackedSend send) {
        String key = key(send.provider(), send.providerMessageId(), send.messageId());
        sends.remove(key);
        sends.put(key, send);
        references.put(reference(send.provider(), send.messageId()), key);
        early.remove(reference(send.provider(), send.messageId()));
        evict(clock.instant());
    }

    @Override
    public synchronized TrackedSend find(String provider, String messageId) {
        evict(clock.instant());
        String key = references.get(reference(provider, messageId));
        return key != null ? sends.get(key) : early.get(reference(provider, messageId));
    }

    @Override
    public synchronized Effect apply(DeliveryReceipt receipt) {
        evict(clock.instant());
        String key = find(receipt);
        Effect effect = ReceiptLedger.decide(key == null ? null : sends.get(key), receipt);
        switch (effect) {
            case Effect.Final f -> sends.put(key, f.send());
            case Effect.Progress p -> sends.put(key, p.send());
            case Effect.UnknownMessage ignored -> keepEarly(receipt);
            case Effect.Unchanged ignored -> { }
        }
        return effect;
    }

    private void keepEarly(DeliveryReceipt receipt) {
        if (receipt.clientReference() == null) {
            return;
        }
        String reference = reference(receipt.provider(), receipt.clientReference());
        TrackedSend kept = ReceiptLedger.early(early.get(reference), receipt, clock.instant());
        if (kept != null) {
            early.remove(reference);
            early.put(reference, kept);
        }
    }

    private String find(DeliveryReceipt receipt) {
        if (receipt.providerMessageId() != null) {
            String key = key(receipt.provider(), receipt.providerMessageId(), null);
            if (sends.containsKey(key)) {
                return key;
            }
        }
        return receipt.clientReference() == null ? null : references.get(reference(receipt.provider(), receipt.clientReference()));
    }

    /** Oldest first: drop what is past its TTL, then what is over the bound. */
    private void evict(Instant now) {
        Iterator<Map.Entry<String, TrackedSend>> oldest = sends.entrySet().iterator();
        while (oldest.hasNext()) {
            TrackedSend send = oldest.next().getValue();
            if (sends.size() <= maxRecords && send.sentAt().plus(ttl).isAfter(now)) {
                break;
            }
            oldest.remove();
            references.remove(reference(send.provider(), send.messageId()));
        }
        Iterator<TrackedSend> oldestEarly = early.values().iterator();
        while (oldestEarly.hasNext()) {
            TrackedSend send = oldestEarly.next();
            if (early.size() <= maxRecords && send.sentAt().plus(ttl).isAfter(now)) {
                return;
            }
            oldestEarly.remove();
        }
    }

    // Provider ids and message ids are printable ASCII without spaces (Fields.token, the contract): a space separates.
    private static String key(String provider, String providerMessageId, String messageId) {
        return providerMessageId != null ? provider + " " + providerMessageId : reference(provider, messageId);
    }

    private static String reference(String provider, String messageId) {
        return provider + " ref " + messageId;
    }
}
