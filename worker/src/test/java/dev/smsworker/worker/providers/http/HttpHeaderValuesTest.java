package dev.smsworker.worker.providers.http;

import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpHeaderValuesTest {

    @Test
    void printableIdsPassUnchanged() {
        assertThat(HttpHeaderValues.encode("msg-2026-01-01T12:00:00Z/42")).isEqualTo("msg-2026-01-01T12:00:00Z/42");
    }

    /** Issue 9: an AMQP message-id "ordre-ø-1" became the Idempotency-Key header and OkHttp threw. */
    @Test
    void anIdOutsideAsciiIsPercentEncodedFromItsUtf8Bytes() {
        assertThat(HttpHeaderValues.encode("ordre-\u00f8-1")).isEqualTo("ordre-%C3%B8-1");
    }

    @Test
    void thePercentSignIsEncodedSoThatTwoIdsNeverShareAKey() {
        assertThat(HttpHeaderValues.encode("ordre-%C3%B8-1")).isEqualTo("ordre-%25C3%25B8-1")
                .isNotEqualTo(HttpHeaderValues.encode("ordre-\u00f8-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "line\r\nX-Injected: 1", "tab\there", "\u0000", "\u0092", "\uD83D\uDE00", "\u200B", "\uD800"})
    void everyEncodedValueIsAValidHeaderValue(String id) {
        String encoded = HttpHeaderValues.encode(id);

        assertThat(Headers.of("Idempotency-Key", encoded).get("Idempotency-Key")).isEqualTo(encoded);
        assertThat(encoded).doesNotContain(" ", "\r", "\n");
    }

    @Test
    void aConfiguredValueThatCannotBeAHeaderStopsStartUpNamingThePropertyNotTheValue() {
        assertThatThrownBy(() -> HttpHeaderValues.requireValid("sms.providers.http.bearer-token", "s3cr\u00e9t"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sms.providers.http.bearer-token")
                .hasMessageNotContaining("s3cr");
    }
}
