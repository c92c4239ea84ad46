package dev.smsworker.worker.dedup;

/**
 * A claim on a message id: one delivery is sending it now. Its worker renews it while the send is in
 * progress ({@link ClaimLeases}); the store holds it {@code sms.dedup.claim-timeout} past the last renewal,
 * so a worker that dies mid-send blocks the id no longer than that.
 *
 * @param token       unique per claim, so only its taker can release it
 * @param fingerprint the claimed message's {@link Fingerprint}, hex
 */
public record InFlight(String token, String fingerprint) implements IdHolder {
}
