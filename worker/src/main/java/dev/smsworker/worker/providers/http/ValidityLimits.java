package dev.smsworker.worker.providers.http;

import dev.smsworker.worker.providers.OutgoingSms;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The range of validity a provider's API accepts. A message's remaining validity ({@code expiresAt} minus now)
 * is given to the provider so that a carrier does not deliver a login code after it stopped working; the
 * value is clamped into this range because an API rejects a value outside it (a whole request lost for an
 * optional field). Below the minimum the message is about to expire anyway: the carrier gets the shortest
 * validity it takes.
 *
 * @param min the shortest validity the API accepts
 * @param max the longest; a message valid for longer gets this (the carrier would give up then anyway)
 */
public record ValidityLimits(Duration min, Duration max) {

    public ValidityLimits {
        if (min.isNegative() || min.compareTo(max) > 0) {
            throw new IllegalArgumentException("validity limits " + min + ".." + max);
        }
    }

    /** The message's remaining validity at {@code now}, clamped; empty when the message has no expiry. */
    public Optional<Duration> remaining(OutgoingSms sms, Instant now) {
        if (sms.expiresAt() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, sms.expiresAt());
        if (left.compareTo(min) < 0) {
            return Optional.of(min);
        }
        return Optional.of(left.compareTo(max) > 0 ? max : left);
    }
}
