package dev.smsworker.contracts;

import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one header reader. Before it lived in contracts the worker and sms-ops each had one, and they
 * differed: sms-ops read a count past 1,000 and the worker capped it there; sms-ops read a number too large
 * for an int as 0, the worker saturated; sms-ops accepted an instant with white space around it or in forms
 * RFC 3339 does not allow, the worker did not; the worker failed on a message without headers.
 */
class HeaderValuesTest {

    private static final String NAME = "h";

    @Test
    void textArrivesAsStringLongStringOrBytesAllReadAsUtf8() {
        LongString longString = LongStringHelper.asLongString("Ålesund".getBytes(StandardCharsets.UTF_8));
        assertThat(HeaderValues.string(Map.of(NAME, "Ålesund"), NAME)).contains("Ålesund");
        assertThat(HeaderValues.string(Map.of(NAME, longString), NAME)).contains("Ålesund");
        assertThat(HeaderValues.string(Map.of(NAME, "Ålesund".getBytes(StandardCharsets.UTF_8)), NAME)).contains("Ålesund");
        assertThat(HeaderValues.string(Map.of(NAME, 42L), NAME)).contains("42");
    }

    @Test
    void anAbsentHeaderOrNoHeadersAtAllIsEmpty() {
        assertThat(HeaderValues.string(Map.of(), NAME)).isEmpty();
        assertThat(HeaderValues.string(null, NAME)).isEmpty();
        assertThat(HeaderValues.count(null, NAME)).isZero();
        assertThat(HeaderValues.instant(null, NAME)).isEmpty();
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put(NAME, null);
        assertThat(HeaderValues.string(nullValue, NAME)).isEmpty();
    }

    @Test
    void aCountIsAnIntegerOfAnyWidthOrDecimalText() {
        assertThat(HeaderValues.count(Map.of(NAME, 3), NAME)).isEqualTo(3);
        assertThat(HeaderValues.count(Map.of(NAME, (byte) 3), NAME)).isEqualTo(3);
        assertThat(HeaderValues.count(Map.of(NAME, 3L), NAME)).isEqualTo(3);
        assertThat(HeaderValues.count(Map.of(NAME, " 3 "), NAME)).isEqualTo(3);
        assertThat(HeaderValues.count(Map.of(NAME, LongStringHelper.asLongString("3")), NAME)).isEqualTo(3);
    }

    /** sms-ops warns from x-delivery-count, which browsing sms.failed raises past any small cap. */
    @Test
    void aCountIsNeverNegativeAndSaturatesInsteadOfOverflowing() {
        assertThat(HeaderValues.count(Map.of(NAME, 5_000), NAME)).isEqualTo(5_000);
        assertThat(HeaderValues.count(Map.of(NAME, -4), NAME)).isZero();
        assertThat(HeaderValues.count(Map.of(NAME, Long.MAX_VALUE), NAME)).isEqualTo(Integer.MAX_VALUE);
        assertThat(HeaderValues.count(Map.of(NAME, "3000000000"), NAME)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void anythingElseIsNoCount() {
        assertThat(HeaderValues.count(Map.of(NAME, "three"), NAME)).isZero();
        assertThat(HeaderValues.count(Map.of(NAME, "99999999999999999999"), NAME)).isZero();
        assertThat(HeaderValues.count(Map.of(NAME, List.of(1)), NAME)).isZero();
    }

    @Test
    void anInstantIsAnRfc3339StringWithAnOffset() {
        assertThat(HeaderValues.instant(Map.of(NAME, "2026-01-01T12:00:00Z"), NAME)).contains(Instant.parse("2026-01-01T12:00:00Z"));
        assertThat(HeaderValues.instant(Map.of(NAME, "2026-01-01T13:00:00.5+01:00"), NAME))
                .contains(Instant.parse("2026-01-01T12:00:00.5Z"));
        assertThat(HeaderValues.instant(Map.of(NAME, LongStringHelper.asLongString("2026-01-01T12:00:00Z")), NAME))
                .contains(Instant.parse("2026-01-01T12:00:00Z"));
    }

    /** Issue 9: a number has no unit we could know, so it is no instant; nor is anything loosely like one. */
    @Test
    void numbersTimestampsAndLooseTextAreNoInstants() {
        assertThat(HeaderValues.instant(Map.of(NAME, 1764460800000L), NAME)).isEmpty();
        assertThat(HeaderValues.instant(Map.of(NAME, "1764460800"), NAME)).isEmpty();
        assertThat(HeaderValues.instant(Map.of(NAME, new Date(0)), NAME)).isEmpty();
        assertThat(HeaderValues.instant(Map.of(NAME, " 2026-01-01T12:00:00Z"), NAME)).isEmpty();
        assertThat(HeaderValues.instant(Map.of(NAME, "2026-01-01T12:00:00"), NAME)).isEmpty();
        assertThat(HeaderValues.instant(Map.of(NAME, "2026-01-01 12:00:00Z"), NAME)).isEmpty();
        assertThat(HeaderValues.instant(Map.of(NAME, "2026-02-30T12:00:00Z"), NAME)).isEmpty();
    }
}
