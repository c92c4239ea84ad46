package dev.smsworker.worker.feedback;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FeedbackReaderTest {

    static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    final FeedbackReader reader = new FeedbackReader();

    FeedbackReader.Read read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void feedbackWithATimeTakesIt() {
        assertThat(read("{\"messageId\":\"m-1\",\"verifiedAt\":\"2030-01-01T13:00:05+01:00\"}"))
                .isEqualTo(new FeedbackReader.Read.Valid("m-1", Instant.parse("2030-01-01T12:00:05Z")));
    }

    @Test
    void feedbackWithoutATimeWasVerifiedWhenRead() {
        assertThat(read("{\"messageId\":\"m-1\"}")).isEqualTo(new FeedbackReader.Read.Valid("m-1", NOW));
        assertThat(read("{\"messageId\":\"m-1\",\"verifiedAt\":null,\"app\":\"login\"}"))
                .isEqualTo(new FeedbackReader.Read.Valid("m-1", NOW));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}                                                         | invalid-message-id",
            "{\"messageId\":42}                                        | invalid-message-id",
            "{\"messageId\":\"\"}                                      | invalid-message-id",
            "{\"messageId\":\"has space\"}                             | invalid-message-id",
            "{\"messageId\":\"m-1\",\"verifiedAt\":1764460800000}      | invalid-instant",
            "{\"messageId\":\"m-1\",\"verifiedAt\":\"2030-01-01\"}     | invalid-instant",
            "{\"messageId\":\"m-1\"} trailing                           | not-json",
            "{\"messageId\":\"m-1\",\"messageId\":\"m-2\"}             | not-json",
            "[\"m-1\"]                                                  | not-an-object",
            "not json at all                                            | not-json"})
    void malformedFeedbackSaysWhyWithoutQuotingIt(String json, String reason) {
        assertThat(read(json)).isEqualTo(new FeedbackReader.Read.Malformed(reason));
    }

    @Test
    void aMessageIdOverTheRequestsLimitAndAHugeBodyAreMalformed() {
        assertThat(read("{\"messageId\":\"" + "m".repeat(129) + "\"}")).isEqualTo(new FeedbackReader.Read.Malformed("invalid-message-id"));
        assertThat(read("{\"messageId\":\"m-1\",\"pad\":\"" + "x".repeat(FeedbackReader.MAX_BYTES) + "\"}"))
                .isEqualTo(new FeedbackReader.Read.Malformed("too-large"));
    }
}
