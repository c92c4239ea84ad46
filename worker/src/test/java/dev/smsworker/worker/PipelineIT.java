package dev.smsworker.worker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Topology;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FailedQueue;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.WorkerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pipeline end to end: a real broker, the real worker, Twilio faked at the HTTP level. Delays are 1s, 2s, 3s. */
class PipelineIT {

    @RegisterExtension
    static final WorkerFixture fixture = new WorkerFixture("pipeline");

    static FakeTwilio twilio;
    static BrokerClient client;
    static FailedQueue failed;
    static BlockingQueue<String> events;

    @BeforeAll
    static void setUp() {
        twilio = fixture.twilio();
        client = fixture.client();
        failed = new FailedQueue(client);
        events = client.watchEvents();
    }

    @Test
    void requestIsSentThroughTwilioAndTheSentEventKeepsTheCorrelationId() throws Exception {
        String id = Requests.uniqueId();
        client.publish("send.transactional", Requests.json(id, "transactional", "happy " + id),
                Map.of(Headers.CORRELATION_ID, "corr-happy"));

        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.callsWithBody("happy " + id).size() == 1);
        FakeTwilio.Call call = twilio.callsWithBody("happy " + id).getFirst();
        assertThat(call.path()).isEqualTo("/2010-04-01/Accounts/AC0123456789/Messages.json");
        assertThat(call.authorization()).startsWith("Basic ");
        assertThat(call.form()).containsEntry("To", Requests.NUMBER).containsEntry("From", "+15005550006");

        String sent = awaitEvent(id, "\"type\":\"sent\"");
        assertThat(sent).contains("\"correlationId\":\"corr-happy\"", "\"provider\":\"twilio\"", "\"providerMessageId\":\"SM", "\"attempt\":1");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.depth(Topology.SEND_QUEUE) == 0);
    }

    @Test
    void retryableFailuresComeBackAfterEachDelayAndAreSentOnTheThirdAttempt() throws Exception {
        String id = Requests.uniqueId();
        String body = "retry " + id;
        failFirst(body, 2, FakeTwilio.json(503, "{\"message\":\"unavailable\"}"));
        client.publish("send.transactional", Requests.json(id, "transactional", body));

        await().atMost(Duration.ofSeconds(15)).until(() -> twilio.callsWithBody(body).size() == 3);
        List<FakeTwilio.Call> calls = twilio.callsWithBody(body);
        // Delays are scaled to 1s and 2s; the broker's TTL is exact to a few milliseconds.
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(Duration.between(calls.get(1).at(), calls.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1950));
        assertThat(awaitEvent(id, "\"type\":\"sent\"")).contains("\"attempt\":3");
    }

    @Test
    void afterTheLastDelayTheMessageIsExhaustedAndFailedWithEveryHeader() {
        String id = Requests.uniqueId();
        String body = "exhaust " + id;
        failFirst(body, Integer.MAX_VALUE, FakeTwilio.json(503, "{\"message\":\"unavailable\"}"));
        client.publish("send.transactional", Requests.json(id, "transactional", body), Map.of(Headers.CORRELATION_ID, "corr-exhaust"));

        GetResponse message = failed.await(id, Duration.ofSeconds(20));
        assertThat(twilio.callsWithBody(body)).hasSize(4);
        assertThat(BrokerClient.header(message, Headers.ERROR_CLASS)).isEqualTo("EXHAUSTED");
        assertThat(BrokerClient.header(message, Headers.ERROR_CODE)).isEqualTo("503");
        assertThat(BrokerClient.header(message, Headers.ERROR_MESSAGE)).startsWith("gave up after 4 attempts");
        assertThat(BrokerClient.header(message, Headers.ATTEMPT)).isEqualTo("4");
        assertThat(BrokerClient.header(message, Headers.PROVIDER)).isEqualTo("twilio");
        assertThat(BrokerClient.header(message, Headers.PROVIDER_ERRORS)).isEqualTo("twilio=RETRYABLE:503");
        assertThat(BrokerClient.header(message, Headers.SOURCE_QUEUE)).isEqualTo(Topology.SEND_QUEUE);
        assertThat(BrokerClient.header(message, Headers.ROUTING_KEY)).isEqualTo("send.transactional");
        assertThat(BrokerClient.header(message, Headers.CORRELATION_ID)).isEqualTo("corr-exhaust");
        assertThat(message.getProps().getCorrelationId()).isEqualTo("corr-exhaust");
        assertThat(Instant.parse(BrokerClient.header(message, Headers.FIRST_ATTEMPT_AT)))
                .isBefore(Instant.parse(BrokerClient.header(message, Headers.FAILED_AT)));
        assertThat(message.getProps().getHeaders()).doesNotContainKey("x-death");
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).contains(body);
    }

    @Test
    void messageFatalGoesToFailedAtOnceWithoutRetry() {
        String id = Requests.uniqueId();
        String body = "optout " + id;
        failFirst(body, Integer.MAX_VALUE, FakeTwilio.error(400, 21610, "Attempt to send to unsubscribed recipient"));
        client.publish("send.transactional", Requests.json(id, "transactional", body));

        GetResponse message = failed.await(id, Duration.ofSeconds(10));
        assertThat(BrokerClient.header(message, Headers.ERROR_CLASS)).isEqualTo("MESSAGE_FATAL");
        assertThat(BrokerClient.header(message, Headers.ERROR_CODE)).isEqualTo("21610");
        assertThat(BrokerClient.header(message, Headers.ATTEMPT)).isEqualTo("1");
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> twilio.callsWithBody(body).size() == 1);
    }

    @Test
    void providerFatalWithNoOtherProviderGoesToFailed() {
        String id = Requests.uniqueId();
        String body = "auth " + id;
        failFirst(body, Integer.MAX_VALUE, FakeTwilio.error(401, 20003, "Authenticate"));
        client.publish("send.transactional", Requests.json(id, "transactional", body));

        GetResponse message = failed.await(id, Duration.ofSeconds(10));
        assertThat(BrokerClient.header(message, Headers.ERROR_CLASS)).isEqualTo("PROVIDER_FATAL");
        assertThat(BrokerClient.header(message, Headers.ERROR_CODE)).isEqualTo("20003");
    }

    @Test
    void anExpiredRequestIsNeverSent() {
        String id = Requests.uniqueId();
        client.publish("send.otp", Requests.expiring(id, "otp", "late " + id, Instant.now().minusSeconds(5)));

        GetResponse message = failed.await(id, Duration.ofSeconds(10));
        assertThat(BrokerClient.header(message, Headers.ERROR_CLASS)).isEqualTo("EXPIRED");
        assertThat(BrokerClient.header(message, Headers.SOURCE_QUEUE)).isEqualTo(Topology.OTP_QUEUE);
        assertThat(twilio.callsWithBody("late " + id)).isEmpty();
    }

    @Test
    void aRetryThatWouldComeBackAfterExpiryFailsNowAsExpired() {
        String id = Requests.uniqueId();
        String body = "soon " + id;
        failFirst(body, Integer.MAX_VALUE, FakeTwilio.json(503, "{}"));
        // Attempt 1 fails at ~0s and waits 1s; attempt 2 fails at ~1s, and its 2s delay would end after 2.5s.
        client.publish("send.otp", Requests.expiring(id, "otp", body, Instant.now().plusMillis(2500)));

        GetResponse message = failed.await(id, Duration.ofSeconds(10));
        assertThat(BrokerClient.header(message, Headers.ERROR_CLASS)).isEqualTo("EXPIRED");
        assertThat(BrokerClient.header(message, Headers.ERROR_MESSAGE)).startsWith("would expire before the next retry");
        assertThat(twilio.callsWithBody(body)).hasSize(2);
    }

    @Test
    void theAmqpCorrelationIdPropertyIsUsedWhenNoHeaderCarriesOne() throws Exception {
        String id = Requests.uniqueId();
        String body = "prop " + id;
        failFirst(body, Integer.MAX_VALUE, FakeTwilio.error(400, 21211, "The 'To' number +4791234567 is not a valid phone number."));
        client.publish("send.transactional", Requests.json(id, "transactional", body).getBytes(StandardCharsets.UTF_8),
                new AMQP.BasicProperties.Builder().correlationId("corr-from-property").deliveryMode(2).build());

        GetResponse message = failed.await(id, Duration.ofSeconds(10));
        assertThat(BrokerClient.header(message, Headers.CORRELATION_ID)).isEqualTo("corr-from-property");
        // The provider echoed the number; the header must not.
        assertThat(BrokerClient.header(message, Headers.ERROR_MESSAGE)).doesNotContain("91234567");
        assertThat(awaitEvent(id, "\"type\":\"failed\"")).contains("\"correlationId\":\"corr-from-property\"", "\"errorClass\":\"MESSAGE_FATAL\"");
    }

    private static final Map<String, AtomicInteger> failuresSoFar = new ConcurrentHashMap<>();

    /** Twilio answers {@code failure} to the first {@code times} requests with this body, then 201. */
    private static void failFirst(String body, int times, mockwebserver3.MockResponse failure) {
        failuresSoFar.put(body, new AtomicInteger());
        twilio.answer(call -> {
            AtomicInteger count = failuresSoFar.get(call.body());
            if (count != null && count.getAndIncrement() < times) {
                return failure;
            }
            return FakeTwilio.created();
        });
    }

    private static String awaitEvent(String messageId, String containing) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String event = events.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (event != null && event.contains(messageId) && event.contains(containing)) {
                return event;
            }
        }
        throw new AssertionError("no event " + containing + " for " + messageId);
    }
}
