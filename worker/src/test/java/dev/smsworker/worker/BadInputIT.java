package dev.smsworker.worker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Headers;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FailedQueue;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.WorkerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bad input gets a clear reason in the failed queue and never stops the worker. */
@ExtendWith(OutputCaptureExtension.class)
class BadInputIT {

    @RegisterExtension
    static final WorkerFixture fixture = new WorkerFixture("badinput");

    static FakeTwilio twilio;
    static BrokerClient client;
    static FailedQueue failed;

    @BeforeAll
    static void setUp() {
        twilio = fixture.twilio();
        client = fixture.client();
        failed = new FailedQueue(client);
    }

    @Test
    void brokenJsonIsMalformed() {
        assertFailed("send.transactional", "{\"to\": \"+4791234567\", \"body\": ", "MALFORMED", "invalid-json");
    }

    @Test
    void aWrongTypeIsMalformedNotCoerced() {
        assertFailed("send.transactional", "{\"to\": 4791234567, \"body\": \"hi\"}", "MALFORMED", "invalid-field");
    }

    @Test
    void anUnknownKindIsMalformed() {
        assertFailed("send.transactional", "{\"to\": \"+4791234567\", \"body\": \"hi\", \"kind\": \"spam\"}", "MALFORMED", "invalid-field");
    }

    @Test
    void aMissingRecipientIsMalformed() {
        assertFailed("send.transactional", "{\"body\": \"hi\"}", "MALFORMED", "missing-field");
    }

    @Test
    void aBodyOverTheLimitIsMalformed() {
        assertFailed("send.transactional", "{\"to\": \"+4791234567\", \"body\": \"" + "x".repeat(1601) + "\"}", "MALFORMED", "body-too-long");
    }

    @Test
    void anOversizedMessageIsFailedBeforeParsing() {
        assertFailed("send.transactional", "{\"to\": \"+4791234567\", \"body\": \"" + "x".repeat(40_000) + "\"}", "MALFORMED", "message-too-large");
    }

    /**
     * The Java client refuses inbound bodies over 64 MiB by default and closes the connection; the
     * message would come back on every reconnect and stall its lane. RabbitMQ 3.x accepts up to 128 MiB.
     */
    @Test
    void aMessageOverTheClientsDefaultInboundLimitIsFailedAndTheLaneGoesOn() {
        int seventyMib = 70 * 1024 * 1024;
        assertFailed("send.transactional", "{\"to\": \"+4791234567\", \"body\": \"" + "x".repeat(seventyMib) + "\"}",
                Duration.ofSeconds(30), "MALFORMED", "message-too-large");
        String id = Requests.uniqueId();
        String body = "after the big one " + id;
        client.publish("send.transactional", Requests.json(id, "transactional", body), Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.callsWithBody(body).size() == 1);
    }

    @Test
    void anInvalidNumberIsMessageFatal() {
        assertFailed("send.transactional", "{\"to\": \"+4712\", \"body\": \"hi\"}", "MESSAGE_FATAL", "invalid-number");
    }

    @Test
    void aRoutingKeyThatMatchesNoQueueReachesTheFailedQueueWithAReason() {
        GetResponse message = assertFailed("send.sms", Requests.json("x", "transactional", "hi"), "MALFORMED", "unknown-routing-key");
        assertThat(BrokerClient.header(message, Headers.ERROR_MESSAGE)).contains("send.sms");
    }

    @Test
    void anOtpPublishedToTheTransactionalLaneIsMalformed() {
        String id = Requests.uniqueId();
        client.publish("send.transactional", Requests.json(id, "otp", "hi"));
        GetResponse message = failed.await(id, Duration.ofSeconds(10));
        assertThat(BrokerClient.header(message, Headers.ERROR_CLASS)).isEqualTo("MALFORMED");
        assertThat(BrokerClient.header(message, Headers.ERROR_CODE)).isEqualTo("kind-mismatch");
    }

    /**
     * Guards a trap in Spring AMQP's defaults: its error handler silently discards a message that
     * fails conversion when it carries x-death (every message back from a delay queue does).
     */
    @Test
    void aMalformedMessageBackFromADelayQueueIsNotDiscarded() {
        Map<String, Object> xDeath = Map.of("count", 1L, "reason", "expired", "queue", "sms.retry.1s",
                "exchange", "sms.retry.1s", "routing-keys", List.of("send.transactional"));
        GetResponse message = assertFailed("send.transactional", "not json at all",
                Map.of("x-death", List.of(xDeath), Headers.ATTEMPT, 1), "MALFORMED", "invalid-json");
        assertThat(BrokerClient.header(message, Headers.ATTEMPT)).isEqualTo("2");
        assertThat(message.getProps().getHeaders()).doesNotContainKey("x-death");
    }

    @Test
    void anOverlongCorrelationIdIsReplacedNotPropagated() {
        GetResponse message = assertFailed("send.transactional", "{}", Map.of(Headers.CORRELATION_ID, "c".repeat(5000)), "MALFORMED", "missing-field");
        assertThat(BrokerClient.header(message, Headers.CORRELATION_ID)).hasSizeLessThanOrEqualTo(128);
    }

    @Test
    void theWorkerKeepsConsumingAfterBadInputAndLogsNeitherBodyNorNumber(CapturedOutput output) {
        for (String bad : List.of("", "[]", "null", "{\"to\":[1,2]}", "\u0000\u0001binary", "{\"a\":" .repeat(100))) {
            client.publish("send.transactional", bad);
        }
        String id = Requests.uniqueId();
        String secretBody = "Your login code is 918273";
        client.publish("send.otp", Requests.json(id, "otp", secretBody));
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.callsWithBody(secretBody).size() == 1);
        // Wait for the log line of the send itself, then check that nothing leaked.
        await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains(id));
        assertThat(output.getAll()).doesNotContain("918273").doesNotContain(Requests.NUMBER).doesNotContain("91234567");
    }

    /**
     * Guards a bug the fuzz run found: headers that fit frame_max when published, plus the worker's
     * own, did not fit when republished; the message was handed back and retried for ever.
     */
    @Test
    void aMessageWithHeadersNearTheFrameLimitStillReachesTheFailedQueue() {
        GetResponse message = assertFailed("send.transactional", "{\"to\": \"+4712\", \"body\": \"hi\"}",
                Map.of("note", "n".repeat(130_000)), "MESSAGE_FATAL", "invalid-number");
        assertThat(BrokerClient.header(message, "sms-dropped-headers")).isEqualTo("note");
    }

    /**
     * Guards a bug the fuzz run found: this header made the OTP's expiry overflow (DateTimeException),
     * and the message went to sms.failed without a reason instead of being sent.
     */
    @Test
    void anOtpWhoseFirstAttemptHeaderIsTheEndOfTimeIsStillSent() {
        String id = Requests.uniqueId();
        String body = "code for " + id;
        client.publish("send.otp", Requests.json(id, "otp", body),
                Map.of(Headers.FIRST_ATTEMPT_AT, "+1000000000-12-31T23:59:59.999999999Z"));
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.callsWithBody(body).size() == 1);
    }

    private static GetResponse assertFailed(String routingKey, String body, String errorClass, String errorCode) {
        return assertFailed(routingKey, body, Map.of(), Duration.ofSeconds(10), errorClass, errorCode);
    }

    private static GetResponse assertFailed(String routingKey, String body, Duration within, String errorClass, String errorCode) {
        return assertFailed(routingKey, body, Map.of(), within, errorClass, errorCode);
    }

    private static GetResponse assertFailed(String routingKey, String body, Map<String, Object> headers, String errorClass, String errorCode) {
        return assertFailed(routingKey, body, headers, Duration.ofSeconds(10), errorClass, errorCode);
    }

    /** Publishes with a fresh AMQP message id (the worker keeps it when the body has none) and finds it in sms.failed. */
    private static GetResponse assertFailed(String routingKey, String body, Map<String, Object> headers, Duration within,
                                            String errorClass, String errorCode) {
        String id = Requests.uniqueId();
        client.publish(routingKey, body.getBytes(StandardCharsets.UTF_8), new AMQP.BasicProperties.Builder()
                .messageId(id).deliveryMode(2).headers(new java.util.HashMap<>(headers)).build());
        GetResponse message = failed.await(id, within);
        assertThat(BrokerClient.header(message, Headers.ERROR_CLASS)).isEqualTo(errorClass);
        assertThat(BrokerClient.header(message, Headers.ERROR_CODE)).isEqualTo(errorCode);
        assertThat(BrokerClient.header(message, Headers.ERROR_MESSAGE)).isNotBlank();
        assertThat(message.getBody()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        return message;
    }
}
