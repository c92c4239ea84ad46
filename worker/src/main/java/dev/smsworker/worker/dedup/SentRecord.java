package dev.smsworker.worker.dedup;

import java.time.Instant;

/**
 * A message id's send: which provider took it, its id there (null when unknown), when, and the
 * {@link Fingerprint} (hex) of what was sent; null in records written before fingerprints were kept.
 */
public record SentRecord(String provider, String providerMessageId, Instant sentAt, String fingerprint) implements IdHolder {
}
