package dev.smsworker.ops.replay;

import com.rabbitmq.client.AMQP;
import dev.smsworker.contracts.Headers;
import dev.smsworker.ops.support.FailedSeed;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayMessageTest {

    private final Instant now = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void failureAndBrokerHeadersGoIdsStayAndTheReplayIsCounted() {
        AMQP.BasicProperties out = ReplayMessage.properties(FailedSeed.message("m").correlationId("c").withDeathHeaders().read(),
                "send.transactional", now, false);

        assertThat(out.getHeaders()).containsEntry(Headers.CORRELATION_ID, "c")
                .containsEntry(Headers.REPLAY_COUNT, 1)
                .containsEntry(Headers.REPLAYED_AT, now.toString())
                .containsEntry(Headers.ROUTING_KEY, "send.transactional")
                .containsKey(Headers.FIRST_ATTEMPT_AT)
                .doesNotContainKeys(Headers.ATTEMPT, Headers.ERROR_CLASS, Headers.ERROR_CODE, Headers.ERROR_MESSAGE, Headers.PROVIDER,
                        Headers.PROVIDER_ERRORS, Headers.FAILED_AT, Headers.SOURCE_QUEUE, "x-death", "x-first-death-queue",
                        "x-last-death-reason");
        assertThat(out.getMessageId()).isEqualTo("m");
        assertThat(out.getCorrelationId()).isEqualTo("c");
        assertThat(out.getDeliveryMode()).isEqualTo(2);
    }

    @Test
    void theReplayCountGrowsAndRestartingValidityDropsTheFirstAttempt() {
        AMQP.BasicProperties out = ReplayMessage.properties(FailedSeed.message("m").replayCount(3).read(), "send.otp", now, true);

        assertThat(out.getHeaders()).containsEntry(Headers.REPLAY_COUNT, 4).doesNotContainKey(Headers.FIRST_ATTEMPT_AT);
    }

    @Test
    void expirationAndUserIdAreNotCopiedButOtherPropertiesAre() {
        var failed = dev.smsworker.ops.failed.FailedMessage.of(1, 0, "send.otp", new AMQP.BasicProperties.Builder()
                .messageId("m").expiration("1000").userId("worker").appId("shop").type("sms").priority(3)
                .timestamp(Date.from(now)).contentType("application/json").build(), "{}".getBytes());

        AMQP.BasicProperties out = ReplayMessage.properties(failed, "send.otp", now, false);

        assertThat(out.getExpiration()).isNull();
        assertThat(out.getUserId()).isNull();
        assertThat(out.getAppId()).isEqualTo("shop");
        assertThat(out.getType()).isEqualTo("sms");
        assertThat(out.getPriority()).isEqualTo(3);
        assertThat(out.getTimestamp()).isEqualTo(Date.from(now));
    }

    @Test
    void aCorrelationIdOnlyInThePropertyIsWrittenToTheHeaderToo() {
        var failed = dev.smsworker.ops.failed.FailedMessage.of(1, 0, "send.otp", new AMQP.BasicProperties.Builder()
                .messageId("m").correlationId("prop-only").build(), "{}".getBytes());

        assertThat(ReplayMessage.properties(failed, "send.otp", now, false).getHeaders()).containsEntry(Headers.CORRELATION_ID, "prop-only");
    }
}
