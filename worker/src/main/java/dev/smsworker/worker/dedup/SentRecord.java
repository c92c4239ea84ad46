package dev.smsworker.worker.dedup;

import java.time.Instant;

/** A message id's send: which provider took it, its id there, and when. */
public record SentRecord(String provider, String providerMessageId, Instant sentAt) {
}
