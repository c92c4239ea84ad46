package dev.smsworker.worker;

import com.rabbitmq.client.Delivery;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, traces: a publisher's W3C {@code traceparent} is continued on everything the worker publishes for
 * the message (sms.failed, the delay-queue copy, status events) and on the provider HTTP request. Real broker,
 * the real worker with its default tracing settings (no exporter), Twilio faked at the HTTP level.
 */
class TracingIT {

    private static final Pattern TRACEPARENT = Pattern.compile("^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$");

    @RegisterExtension
    static final WorkerFixture fixture = new WorkerFixture("tracing");

    static FakeTwilio twilio;
    static BrokerClient client;
    static FailedQueue failed;
    static BlockingQueue<Delivery> events;
    static BlockingQueue<Delivery> delayed;

    @BeforeAll
    static void setUp() {
        twilio = fixture.twilio();
        client = fixture.client();
        failed = new FailedQueue(client);
        events = client.watch(Topology.EVENTS_EXCHANGE, "#");
        // The first delay tier is a fanout exchange: a second queue bound to it sees the copy the worker delays.
        delayed = client.watch("sms.retry.1s", "");
        twilio.answer(call -> {
            String body = call.body() == null ? "" : call.body();
            if (body.startsWith("optout ")) {
                return FakeTwilio.error(400, 21610, "Attempt to send to unsubscribed recipient");
            }
            if (body.startsWith("busy ") && twilio.callsWithBody(body).size() == 1) {
                return FakeTwilio.json(503, "{\"message\":\"unavailable\"}");
            }
            return FakeTwilio.created();
        });
    }

    @Test
    void aMessageFatalFailureKeepsThePublishersTraceOnTheFailedMessageTheEventAndTheProviderRequest() throws Exception {
        String traceId = randomHex(16);
        String parentId = randomHex(8);
        String id = Requests.uniqueId();
        String body = "optout " + id;
        client.publish("send.transactional", Requests.json(id, "transactional", body),
                Map.of(Headers.TRACEPARENT, "00-" + traceId + "-" + parentId + "-01", Headers.TRACESTATE, "vendor=abc"));

        GetResponse message = failed.await(id, Duration.ofSeconds(15));
        assertContinues(BrokerClient.header(message, Headers.TRACEPARENT), traceId, parentId);
        assertThat(BrokerClient.header(message, Headers.TRACESTATE)).isEqualTo("vendor=abc");

        Delivery event = awaitEvent(id, "failed");
        assertContinues(BrokerClient.header(event, Headers.TRACEPARENT), traceId, parentId);

        List<FakeTwilio.Call> calls = twilio.callsWithBody(body);
        assertThat(calls).hasSize(1);
        assertContinues(calls.getFirst().traceparent(), traceId, parentId);
        // The provider call is its own span, a child of the attempt whose id the failed message carries.
        assertThat(spanId(calls.getFirst().traceparent())).isNotEqualTo(spanId(BrokerClient.header(message, Headers.TRACEPARENT)));
    }

    @Test
    void aRetryableFailureKeepsTheTraceOnTheDelayQueueCopyTheRetryingEventAndTheNextAttempt() throws Exception {
        String traceId = randomHex(16);
        String parentId = randomHex(8);
        String id = Requests.uniqueId();
        String body = "busy " + id;
        client.publish("send.transactional", Requests.json(id, "transactional", body),
                Map.of(Headers.TRACEPARENT, "00-" + traceId + "-" + parentId + "-01"));

        Delivery copy = awaitDelivery(delayed, id, Duration.ofSeconds(15));
        assertContinues(BrokerClient.header(copy, Headers.TRACEPARENT), traceId, parentId);
        assertContinues(BrokerClient.header(awaitEvent(id, "retrying"), Headers.TRACEPARENT), traceId, parentId);
        Delivery sent = awaitEvent(id, "sent");
        assertContinues(BrokerClient.header(sent, Headers.TRACEPARENT), traceId, parentId);

        List<FakeTwilio.Call> calls = twilio.callsWithBody(body);
        assertThat(calls).hasSize(2);
        for (FakeTwilio.Call call : calls) {
            assertContinues(call.traceparent(), traceId, parentId);
        }
        // The second attempt is a child of the first (the delay-queue copy's parent id), not of the publisher.
        assertThat(spanId(BrokerClient.header(sent, Headers.TRACEPARENT)))
                .isNotEqualTo(spanId(BrokerClient.header(copy, Headers.TRACEPARENT)));
    }

    @Test
    void aMessageWithoutTraceparentStillGetsOneTraceAcrossItsRequestAndEvent() throws Exception {
        String id = Requests.uniqueId();
        String body = "plain " + id;
        client.publish("send.transactional", Requests.json(id, "transactional", body));

        Delivery sent = awaitEvent(id, "sent");
        String eventTraceparent = BrokerClient.header(sent, Headers.TRACEPARENT);
        assertThat(eventTraceparent).matches(TRACEPARENT);
        assertThat(twilio.callsWithBody(body)).singleElement()
                .satisfies(call -> assertThat(traceId(call.traceparent())).isEqualTo(traceId(eventTraceparent)));
    }

    /** Same trace id as the publisher's; a new parent id (the worker's span), never the publisher's own. */
    private static void assertContinues(String traceparent, String traceId, String publishersSpanId) {
        assertThat(traceparent).as("traceparent").isNotNull().matches(TRACEPARENT);
        assertThat(traceId(traceparent)).isEqualTo(traceId);
        assertThat(spanId(traceparent)).isNotEqualTo(publishersSpanId);
    }

    private static String traceId(String traceparent) {
        Matcher matcher = TRACEPARENT.matcher(traceparent);
        assertThat(matcher.matches()).as("traceparent " + traceparent).isTrue();
        return matcher.group(1);
    }

    private static String spanId(String traceparent) {
        Matcher matcher = TRACEPARENT.matcher(traceparent);
        assertThat(matcher.matches()).as("traceparent " + traceparent).isTrue();
        return matcher.group(2);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros, which W3C calls invalid
        return HexFormat.of().formatHex(random);
    }

    private static Delivery awaitEvent(String messageId, String type) throws InterruptedException {
        return awaitDelivery(events, "\"type\":\"" + type + "\"", messageId, Duration.ofSeconds(15));
    }

    private static Delivery awaitDelivery(BlockingQueue<Delivery> deliveries, String messageId, Duration timeout)
            throws InterruptedException {
        return awaitDelivery(deliveries, messageId, messageId, timeout);
    }

    /** Events of other tests stay queued for them: only the one taken and matching is consumed. */
    private static Delivery awaitDelivery(BlockingQueue<Delivery> deliveries, String containing, String messageId,
                                          Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Delivery delivery : deliveries) {
                String text = new String(delivery.getBody(), StandardCharsets.UTF_8);
                if (text.contains(messageId) && text.contains(containing) && deliveries.remove(delivery)) {
                    return delivery;
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("nothing containing " + containing + " for " + messageId + " within " + timeout);
    }
}
