package dev.smsworker.worker.messaging;

import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Kind;
import dev.smsworker.worker.message.Failure;
import dev.smsworker.worker.message.MessageContext;
import com.rabbitmq.client.AMQP;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundMessagesTest {

    private final Instant first = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void aRetryKeepsTheBodyAndThePublishersHeadersAndDropsTheBrokers() {
        Message republished = OutboundMessages.forRetry(context(), new Failure(ErrorClass.RETRYABLE, "503", "down", "twilio", "twilio=RETRYABLE:503"));

        Map<String, Object> headers = republished.getMessageProperties().getHeaders();
        assertThat(republished.getBody()).isEqualTo("{\"to\":\"+4791234567\"}".getBytes());
        assertThat(headers).containsEntry("tenant", "acme")
                .containsEntry(Headers.ATTEMPT, 2)
                .containsEntry(Headers.FIRST_ATTEMPT_AT, first.toString())
                .containsEntry(Headers.CORRELATION_ID, "corr-1")
                .containsEntry(Headers.ERROR_CLASS, "RETRYABLE")
                .containsEntry(Headers.ERROR_CODE, "503")
                .containsEntry(Headers.PROVIDER, "twilio")
                .containsEntry(Headers.PROVIDER_ERRORS, "twilio=RETRYABLE:503")
                .containsEntry(Headers.SOURCE_QUEUE, "sms.send")
                .containsEntry(Headers.ROUTING_KEY, "send.transactional")
                .doesNotContainKeys("x-death", "x-first-death-queue", "x-last-death-reason", "x-delivery-count",
                        "spring_returned_message_correlation", "spring_listener_return_correlation");
        assertThat(republished.getMessageProperties().getMessageId()).isEqualTo("m-1");
        assertThat(republished.getMessageProperties().getCorrelationId()).isEqualTo("corr-1");
        assertThat(republished.getMessageProperties().getDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        assertThat(republished.getMessageProperties().getExpiration()).isNull();
        assertThat(republished.getMessageProperties().getUserId()).isNull();
    }

    @Test
    void anAttemptThatMayHaveReachedTheHandsetIsRecordedInMaybeDelivered() {
        Failure failure = new Failure(ErrorClass.RETRYABLE, "503", "down", "http", "twilio=RETRYABLE:read-timeout; http=RETRYABLE:503",
                "twilio:read-timeout");

        Message republished = OutboundMessages.forRetry(context(), failure);

        assertThat(republished.getMessageProperties().getHeaders()).containsEntry(Headers.MAYBE_DELIVERED, "twilio:read-timeout");
    }

    /** Issue 9: a later failure for another reason kept only the last error, and a replay sent the SMS again. */
    @Test
    void maybeDeliveredIsKeptOnEveryLaterRepublishAndOnlyGrows() {
        MessageContext earlier = contextWithHeader(Headers.MAYBE_DELIVERED, "twilio:read-timeout");

        Message later = OutboundMessages.forFailed(earlier, Failure.of(ErrorClass.MALFORMED, "invalid-json", "bad"), first);
        Message again = OutboundMessages.forRetry(earlier, new Failure(ErrorClass.RETRYABLE, "503", "down", "http", null,
                "twilio:read-timeout, vonage:io-error-after-write"));
        Message exhausted = OutboundMessages.forFailed(earlier, new Failure(ErrorClass.RETRYABLE, "503", "down", "http", null)
                .as(ErrorClass.EXHAUSTED, "gave up"), first);

        assertThat(later.getMessageProperties().getHeaders()).containsEntry(Headers.MAYBE_DELIVERED, "twilio:read-timeout");
        assertThat(again.getMessageProperties().getHeaders())
                .containsEntry(Headers.MAYBE_DELIVERED, "twilio:read-timeout, vonage:io-error-after-write");
        assertThat(exhausted.getMessageProperties().getHeaders()).containsEntry(Headers.MAYBE_DELIVERED, "twilio:read-timeout");
    }

    @Test
    void aFailureThatAddsNothingLeavesNoMaybeDeliveredHeader() {
        Message republished = OutboundMessages.forRetry(context(), new Failure(ErrorClass.RETRYABLE, "503", "down", "twilio", null));

        assertThat(republished.getMessageProperties().getHeaders()).doesNotContainKey(Headers.MAYBE_DELIVERED);
    }

    private MessageContext contextWithHeader(String name, String value) {
        MessageContext context = context();
        context.original().getMessageProperties().setHeader(name, value);
        return context;
    }

    @Test
    void aFailedMessageSaysWhenAndClearsHeadersOfAnEarlierFailure() {
        Message failed = OutboundMessages.forFailed(context(), Failure.of(ErrorClass.MALFORMED, "invalid-json", "bad"), first);
        Map<String, Object> headers = failed.getMessageProperties().getHeaders();
        assertThat(headers).containsEntry(Headers.FAILED_AT, first.toString())
                .containsEntry(Headers.ERROR_CLASS, "MALFORMED")
                .doesNotContainKeys(Headers.PROVIDER, Headers.PROVIDER_ERRORS);
    }

    /**
     * Guards a bug the fuzz run found: a message that arrived with a 130,000-byte header (it fits
     * RabbitMQ's 131,072-byte frame_max) could not be republished once the worker added its own
     * headers; the client refused it, the worker handed it back, and it looped for ever instead of
     * reaching sms.failed.
     */
    @Test
    void headersTooLargeToRepublishAreDroppedAndNamedSoTheMessageFitsOneFrame() throws Exception {
        MessageProperties in = new MessageProperties();
        in.setHeader("tenant", "acme");
        in.setHeader("note", "n".repeat(130_000));
        in.setReceivedRoutingKey("send.transactional");
        MessageContext context = new MessageContext(new Message("{}".getBytes(), in), "m-1", "corr-1", Kind.TRANSACTIONAL, 1,
                first, "send.transactional", "sms.send");

        Message failed = OutboundMessages.forFailed(context, Failure.of(ErrorClass.MALFORMED, "invalid-json", "bad"), first);

        Map<String, Object> headers = failed.getMessageProperties().getHeaders();
        assertThat(headers).containsEntry("tenant", "acme").containsEntry(Headers.DROPPED_HEADERS, "note")
                .doesNotContainKey("note");
        AMQP.BasicProperties wire = new DefaultMessagePropertiesConverter().fromMessageProperties(failed.getMessageProperties(), "UTF-8");
        assertThat(wire.toFrame(1, failed.getBody().length).size()).isLessThan(131_072);
    }

    @Test
    void thousandsOfSmallHeadersAreCutDownToTheBudgetAndTheListOfDroppedNamesStaysShort() {
        MessageProperties in = new MessageProperties();
        for (int i = 0; i < 10_000; i++) {
            in.setHeader("header-" + i, "value-" + i);
        }
        MessageContext context = new MessageContext(new Message("{}".getBytes(), in), "m-1", "corr-1", Kind.TRANSACTIONAL, 1,
                first, "send.transactional", "sms.send");

        Map<String, Object> headers = OutboundMessages.forRetry(context, Failure.of(ErrorClass.RETRYABLE, "503", "down")).getMessageProperties().getHeaders();

        assertThat(headers.size()).isBetween(1_000, 9_999);
        assertThat((String) headers.get(Headers.DROPPED_HEADERS)).hasSizeLessThan(1_100).contains("more)");
        assertThat(headers).containsEntry(Headers.ATTEMPT, 1);
    }

    @Test
    void aHeldCopySpendsNoAttemptKeepsTheEarlierFailureAndSaysWhatHoldsItSinceWhen() {
        Instant since = first.plusSeconds(60);
        Message held = OutboundMessages.forHold(context(), "spend-cap", since);

        Map<String, Object> headers = held.getMessageProperties().getHeaders();
        assertThat(headers).containsEntry(Headers.ATTEMPT, 1)
                .containsEntry(Headers.HELD, "spend-cap")
                .containsEntry(Headers.HELD_SINCE, since.toString())
                .containsEntry(Headers.PROVIDER, "old")
                .containsEntry(Headers.FIRST_ATTEMPT_AT, first.toString())
                .doesNotContainKeys("x-death", "x-delivery-count");
    }

    @Test
    void onlyAHeldCopySaysItIsHeld() {
        MessageContext wasHeld = context();
        wasHeld.original().getMessageProperties().setHeader(Headers.HELD, "spend-cap");
        wasHeld.original().getMessageProperties().setHeader(Headers.HELD_SINCE, first.toString());

        Map<String, Object> retry = OutboundMessages.forRetry(wasHeld, Failure.of(ErrorClass.RETRYABLE, "503", "down"))
                .getMessageProperties().getHeaders();
        Map<String, Object> failed = OutboundMessages.forFailed(wasHeld, Failure.of(ErrorClass.EXPIRED, "spend-cap", "expired"), first)
                .getMessageProperties().getHeaders();

        assertThat(retry).doesNotContainKeys(Headers.HELD, Headers.HELD_SINCE);
        assertThat(failed).doesNotContainKeys(Headers.HELD, Headers.HELD_SINCE);
    }

    @Test
    void errorMessagesLoseNumbersAndStayShort() {
        Failure failure = Failure.of(ErrorClass.MESSAGE_FATAL, "21211", "The 'To' number +47 912 34 567 is not valid. " + "x".repeat(500));
        assertThat(failure.message()).doesNotContain("912").contains("<number>").hasSizeLessThanOrEqualTo(200);
    }

    private MessageContext context() {
        MessageProperties in = new MessageProperties();
        in.setHeader("tenant", "acme");
        in.setHeader("x-death", List.of(Map.of("queue", "sms.retry.1m")));
        in.setHeader("x-first-death-queue", "sms.retry.1m");
        in.setHeader("x-last-death-reason", "expired");
        in.setHeader("x-delivery-count", 3);
        in.setHeader("spring_returned_message_correlation", "abc");
        in.setHeader("spring_listener_return_correlation", "def");
        in.setHeader(Headers.PROVIDER, "old");
        in.setHeader(Headers.PROVIDER_ERRORS, "old");
        in.setExpiration("60000");
        in.setUserId("someone-else");
        in.setReceivedRoutingKey("send.transactional");
        Message original = new Message("{\"to\":\"+4791234567\"}".getBytes(), in);
        return new MessageContext(original, "m-1", "corr-1", Kind.TRANSACTIONAL, 2, first, "send.transactional", "sms.send");
    }
}
