package dev.smsworker.worker.dedup;

/**
 * A claim on a message id: one delivery is sending it now. The store holds it for
 * {@code sms.dedup.claim-timeout} at most, so a worker that dies mid-send blocks the id no longer than that.
 *
 * @param token       unique per claim, so only its taker can release it
 * @param fingerprint the claimed message's {@link Fingerprint}, hex
 */
public record InFlight(String token, String fingerprint) implements IdHolder {
}
