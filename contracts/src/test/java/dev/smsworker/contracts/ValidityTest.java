package dev.smsworker.contracts;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validity rule the worker, sms-ops replay and the automatic replay share. Before it lived in contracts
 * the worker and sms-ops each had a copy, and they differed: sms-ops believed a first attempt in the future,
 * the worker did not (see {@link #aFirstAttemptInTheFutureIsNoDate}).
 */
class ValidityTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final Duration TEN_MINUTES = Validity.OTP_DEFAULT;

    @Test
    void expiresAtWinsForEveryKind() {
        Instant expiresAt = NOW.plusSeconds(30);
        assertThat(Validity.expiresAt(expiresAt, Kind.OTP, NOW.minusSeconds(3_600), TEN_MINUTES)).isEqualTo(expiresAt);
        assertThat(Validity.expiresAt(expiresAt, Kind.MARKETING, null, TEN_MINUTES)).isEqualTo(expiresAt);
        assertThat(Validity.expired(expiresAt, Kind.OTP, NOW.minusSeconds(3_600), TEN_MINUTES, NOW)).isFalse();
    }

    @Test
    void anOtpWithoutExpiresAtIsWorthTheDefaultValidityAfterItsFirstAttempt() {
        Instant first = NOW.minus(Duration.ofMinutes(9));
        assertThat(Validity.expiresAt(null, Kind.OTP, first, TEN_MINUTES)).isEqualTo(first.plus(TEN_MINUTES));
        assertThat(Validity.expired(null, Kind.OTP, first, TEN_MINUTES, NOW)).isFalse();
        assertThat(Validity.expired(null, Kind.OTP, first, TEN_MINUTES, NOW.plus(Duration.ofMinutes(1)))).isTrue();
    }

    @Test
    void atTheExpiryInstantItselfAMessageIsExpired() {
        assertThat(Validity.expired(NOW, Kind.TRANSACTIONAL, null, TEN_MINUTES, NOW)).isTrue();
        assertThat(Validity.expired(null, Kind.OTP, NOW.minus(TEN_MINUTES), TEN_MINUTES, NOW)).isTrue();
    }

    @Test
    void otherKindsWithoutExpiresAtNeverExpire() {
        assertThat(Validity.expiresAt(null, Kind.TRANSACTIONAL, NOW.minusSeconds(86_400), TEN_MINUTES)).isNull();
        assertThat(Validity.expired(null, Kind.MARKETING, null, TEN_MINUTES, NOW)).isFalse();
        assertThat(Validity.expired(null, null, null, TEN_MINUTES, NOW)).isFalse();
    }

    @Test
    void anOtpOfUnknownAgeIsExpired() {
        assertThat(Validity.expiresAt(null, Kind.OTP, null, TEN_MINUTES)).isEqualTo(Instant.MIN);
        assertThat(Validity.expired(null, Kind.OTP, null, TEN_MINUTES, NOW)).isTrue();
    }

    /**
     * The old copies differed here: the worker's intake read a future first attempt as absent (so now became the
     * first attempt), sms-ops believed it and kept such an OTP replayable until long after. The worker's reading
     * won: a future header is no evidence, and for a reader of sms.failed an OTP without one is of unknown age.
     */
    @Test
    void aFirstAttemptInTheFutureIsNoDate() {
        Instant forged = NOW.plus(Duration.ofDays(365));
        assertThat(Validity.believableFirstAttempt(forged, NOW)).isNull();
        assertThat(Validity.believableFirstAttempt(NOW, NOW)).isEqualTo(NOW);
        assertThat(Validity.expired(null, Kind.OTP, forged, TEN_MINUTES, NOW)).isTrue();
        assertThat(Validity.expired(NOW.plusSeconds(60), Kind.OTP, forged, TEN_MINUTES, NOW)).isFalse();
    }

    @Test
    void theEndOfTimeDoesNotOverflow() {
        assertThat(Validity.expiresAt(null, Kind.OTP, Instant.MAX, TEN_MINUTES)).isEqualTo(Instant.MAX);
    }

    @Test
    void theDefaultIsTenMinutesInBothSpellings() {
        assertThat(Validity.OTP_DEFAULT).isEqualTo(Duration.ofMinutes(10));
        assertThat(Validity.OTP_DEFAULT_TEXT).isEqualTo("10m");
    }
}
