package dev.smsworker.worker.intake;

import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Topology;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IntakeTest {

    private final Intake intake = new Intake(new RequestReader(new RequestValidator(), new IntakeProperties(DataSize.ofKilobytes(32))));
    private final Instant now = Instant.parse("2026-01-01T12:00:00Z");

    /**
     * Guards a bug the fuzz run found: an OTP whose first-attempt header said
     * {@code +1000000000-12-31T23:59:59.999999999Z} made the expiry check overflow (DateTimeException),
     * and the message went to sms.failed without a reason.
     */
    @Test
    void aFirstAttemptInTheFutureCountsFromNow() {
        Received received = receive(fromDelayQueue(Map.of(Headers.FIRST_ATTEMPT_AT, Instant.MAX.toString())));
        assertThat(received.context().firstAttemptAt()).isEqualTo(now);
        assertThat(received.context().firstAttemptAt().plusSeconds(600)).isAfter(now);
    }

    @Test
    void aFirstAttemptInThePastIsKept() {
        assertThat(receive(fromDelayQueue(Map.of(Headers.FIRST_ATTEMPT_AT, "2026-01-01T11:59:00Z"))).context().firstAttemptAt())
                .isEqualTo(Instant.parse("2026-01-01T11:59:00Z"));
    }

    @Test
    void anUnreadableFirstAttemptCountsFromNow() {
        assertThat(receive(fromDelayQueue(Map.of(Headers.FIRST_ATTEMPT_AT, "yesterday"))).context().firstAttemptAt()).isEqualTo(now);
    }

    /** Same rule as expiresAt: a number in a time header is no instant, whatever its unit. */
    @Test
    void aFirstAttemptGivenAsANumberIsNoInstant() {
        assertThat(receive(fromDelayQueue(Map.of(Headers.FIRST_ATTEMPT_AT, 1767268740000L))).context().firstAttemptAt()).isEqualTo(now);
        assertThat(receive(fromDelayQueue(Map.of(Headers.FIRST_ATTEMPT_AT, "1767268740"))).context().firstAttemptAt()).isEqualTo(now);
    }

    /** Issue 9: a publisher's sms-attempt: 99 was trusted, so its message was exhausted after one try. */
    @Test
    void onAFirstDeliveryThePublishersWorkerHeadersAreIgnoredAndNotCarriedOn() {
        MessageProperties properties = properties(Map.of(
                Headers.ATTEMPT, 99,
                Headers.FIRST_ATTEMPT_AT, "2026-01-01T08:00:00Z",
                Headers.ERROR_CLASS, "MESSAGE_FATAL",
                Headers.MAYBE_DELIVERED, "twilio:timeout-after-write",
                Headers.ROUTING_KEY, "send.marketing",
                "sms-anything-new", "x",
                Headers.CORRELATION_ID, "corr-1",
                "tenant", "acme"));

        Received received = receive(properties);

        assertThat(received.context().attempt()).isEqualTo(1);
        assertThat(received.context().firstAttemptAt()).isEqualTo(now);
        assertThat(received.context().correlationId()).isEqualTo("corr-1");
        assertThat(received.context().original().getMessageProperties().getHeaders())
                .containsOnlyKeys(Headers.CORRELATION_ID, "tenant");
    }

    @Test
    void backFromOurDelayQueueTheWorkersHeadersAreItsOwn() {
        Received received = receive(fromDelayQueue(Map.of(Headers.ATTEMPT, 2, Headers.FIRST_ATTEMPT_AT, "2026-01-01T11:50:00Z",
                Headers.MAYBE_DELIVERED, "twilio:timeout-after-write")));

        assertThat(received.context().attempt()).isEqualTo(3);
        assertThat(received.context().firstAttemptAt()).isEqualTo(Instant.parse("2026-01-01T11:50:00Z"));
        assertThat(received.context().original().getMessageProperties().getHeaders()).containsKey(Headers.MAYBE_DELIVERED);
    }

    @Test
    void aDeathInAQueueThatIsNotOursIsNoReturnFromADelayQueue() {
        MessageProperties properties = properties(Map.of(Headers.ATTEMPT, 5));
        properties.setHeader("x-death", List.of(Map.of("queue", "publisher.retry", "reason", "expired", "count", 1L)));

        assertThat(receive(properties).context().attempt()).isEqualTo(1);
    }

    @Test
    void aReplayKeepsWhatSmsOpsCarriesOverAndNothingElse() {
        MessageProperties properties = properties(Map.of(
                Headers.REPLAY_COUNT, 1,
                Headers.FIRST_ATTEMPT_AT, "2026-01-01T11:55:00Z",
                Headers.MAYBE_DELIVERED, "vonage:timeout-after-write",
                Headers.ATTEMPT, 4,
                Headers.ERROR_CODE, "forged"));

        Received received = receive(properties);

        assertThat(received.context().attempt()).isEqualTo(1);
        assertThat(received.context().firstAttemptAt()).isEqualTo(Instant.parse("2026-01-01T11:55:00Z"));
        assertThat(received.context().original().getMessageProperties().getHeaders())
                .containsKeys(Headers.MAYBE_DELIVERED, Headers.REPLAY_COUNT)
                .doesNotContainKeys(Headers.ATTEMPT, Headers.ERROR_CODE);
    }

    @Test
    void anAmqpMessageIdInAnyScriptIsTheMessageId() {
        MessageProperties properties = properties(Map.of());
        properties.setMessageId("ordre-\u00f8-1");

        Received received = receive(properties, "{\"to\":\"+4791234567\",\"body\":\"code 1234\",\"kind\":\"otp\"}");

        assertThat(received.result()).isInstanceOf(ReadResult.Valid.class);
        assertThat(received.context().messageId()).isEqualTo("ordre-\u00f8-1");
    }

    @Test
    void anAmqpMessageIdWithControlCharactersBrokenTextOrOverTheLengthIsMalformed() {
        for (String id : new String[]{"id\u0007", "id\u0085", "id\uFFFD", "id\uD800", "m".repeat(129)}) {
            MessageProperties properties = properties(Map.of());
            properties.setMessageId(id);

            Received received = receive(properties, "{\"to\":\"+4791234567\",\"body\":\"code 1234\",\"kind\":\"otp\"}");

            assertThat(received.result()).as(id).isInstanceOf(ReadResult.Invalid.class);
            var failure = ((ReadResult.Invalid) received.result()).failure();
            assertThat(failure.errorClass()).isEqualTo(ErrorClass.MALFORMED);
            assertThat(failure.code()).isEqualTo("invalid-message-id");
        }
    }

    @Test
    void aBlankAmqpMessageIdCountsAsAbsent() {
        MessageProperties properties = properties(Map.of());
        properties.setMessageId("\u00a0\u200b");

        Received received = receive(properties, "{\"to\":\"+4791234567\",\"body\":\"code 1234\",\"kind\":\"otp\"}");

        assertThat(received.result()).isInstanceOf(ReadResult.Valid.class);
        assertThat(received.context().messageId()).isNotEqualTo("\u00a0\u200b").isNotBlank();
    }

    private static MessageProperties properties(Map<String, Object> headers) {
        MessageProperties properties = new MessageProperties();
        headers.forEach(properties::setHeader);
        properties.setReceivedRoutingKey("send.otp");
        return properties;
    }

    /** As the broker delivers a message dead-lettered by our 1s delay queue when its TTL ran out. */
    private static MessageProperties fromDelayQueue(Map<String, Object> headers) {
        MessageProperties properties = properties(headers);
        properties.setHeader("x-death", List.of(Map.of("queue", "sms.retry.1s", "reason", "expired", "count", 1L,
                "exchange", "sms.retry.1s", "routing-keys", List.of("send.otp"))));
        return properties;
    }

    private Received receive(MessageProperties properties) {
        return receive(properties, "{\"to\":\"+4791234567\",\"body\":\"code 1234\",\"kind\":\"otp\"}");
    }

    private Received receive(MessageProperties properties, String json) {
        return intake.receive(new Message(json.getBytes(StandardCharsets.UTF_8), properties), Topology.OTP_QUEUE, now);
    }
}
