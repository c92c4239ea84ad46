package dev.smsworker.ops.failed;

import dev.smsworker.contracts.HeaderValues;
import dev.smsworker.contracts.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sms-ops reads times by the contract's rule (issue 9): an ISO-8601 string is an instant; a number, or a
 * string of digits, is none, whatever unit it may have meant. The replay guard then falls back as for a
 * message without the time (an OTP's default validity, counted from the AMQP timestamp or when it failed).
 */
class InstantReadingTest {

    @Test
    void anExpiresAtGivenAsANumberIsNoInstant() {
        assertThat(expiresAt("1764460800000")).isNull();
        assertThat(expiresAt("1764460800")).isNull();
        assertThat(expiresAt("\"1764460800000\"")).isNull();
        assertThat(expiresAt("\"2030-01-01T12:00:00Z\"")).isEqualTo(Instant.parse("2030-01-01T12:00:00Z"));
    }

    @Test
    void timeHeadersGivenAsNumbersAreNoInstants() {
        assertThat(HeaderValues.instant(Map.of(Headers.FIRST_ATTEMPT_AT, 1764460800000L), Headers.FIRST_ATTEMPT_AT)).isEmpty();
        assertThat(HeaderValues.instant(Map.of(Headers.FAILED_AT, "1764460800"), Headers.FAILED_AT)).isEmpty();
        assertThat(HeaderValues.instant(Map.of(Headers.FAILED_AT, "2026-01-01T12:00:00Z"), Headers.FAILED_AT))
                .contains(Instant.parse("2026-01-01T12:00:00Z"));
    }

    private static Instant expiresAt(String json) {
        return RequestView.of(("{\"to\":\"+4791234567\",\"body\":\"x\",\"kind\":\"otp\",\"expiresAt\":" + json + "}")
                .getBytes(StandardCharsets.UTF_8)).expiresAt();
    }
}
