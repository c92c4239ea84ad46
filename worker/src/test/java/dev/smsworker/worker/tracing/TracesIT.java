package dev.smsworker.worker.tracing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Topology;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.WorkerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A publisher's W3C {@code traceparent} rides through the worker (issue 15): the provider calls, the
 * delay-queue and failed copies and the status events all carry the publisher's trace id, each with a
 * span id of the worker's own; a message without one gets a trace that its retries continue.
 */
class TracesIT {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PUBLISHER = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");

    @RegisterExtension
    static final WorkerFixture fixture = new WorkerFixture("traces", "sms.retry.delays=1s,2s,3s");

    /** Every status event as delivered: routing key, message id, traceparent header. */
    record Event(String type, String messageId, String traceparent) {
    }

    private static final List<Event> events = new CopyOnWriteArrayList<>();
    private static Connection connection;

    @BeforeAll
    static void watchEvents() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(fixture.broker().host);
        factory.setPort(fixture.broker().amqpPort);
        factory.setVirtualHost(fixture.vhost());
        connection = factory.newConnection("traces-it-events");
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, Topology.EVENTS_EXCHANGE, "#");
        channel.basicConsume(queue, true, (tag, delivery) -> {
            Object traceparent = delivery.getProperties().getHeaders() == null ? null
                    : delivery.getProperties().getHeaders().get("traceparent");
            events.add(new Event(delivery.getEnvelope().getRoutingKey(), delivery.getProperties().getMessageId(),
                    traceparent == null ? null : traceparent.toString()));
        }, tag -> { });
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    @Test
    void theProviderCallsTheRetryAndTheEventsStayInThePublishersTrace() {
        FakeTwilio twilio = fixture.twilio();
        String id = Requests.uniqueId();
        String body = "traced " + id;
        AtomicInteger calls = new AtomicInteger();
        twilio.answer(call -> body.equals(call.body()) && calls.incrementAndGet() == 1
                ? FakeTwilio.error(503, 20503, "down") : FakeTwilio.created());

        fixture.client().publish("send.transactional", Requests.json(id, "transactional", body), Map.of("traceparent", PUBLISHER));

        await().atMost(Duration.ofSeconds(30)).until(() -> has(id, "sent"));
        List<FakeTwilio.Call> sends = twilio.callsWithBody(body);
        assertThat(sends).hasSize(2).allSatisfy(call -> assertThat(traceId(call.traceparent())).isEqualTo(TRACE_ID));
        assertThat(sends).extracting(call -> spanId(call.traceparent())).doesNotHaveDuplicates()
                .doesNotContain("00f067aa0ba902b7");
        assertThat(eventsOf(id)).extracting(Event::type).containsExactly("retrying", "sent");
        assertThat(eventsOf(id)).allSatisfy(event -> assertThat(traceId(event.traceparent())).isEqualTo(TRACE_ID));
    }

    @Test
    void aFailedMessageAndItsEventCarryThePublishersTrace() {
        BrokerClient client = fixture.client();
        String id = Requests.uniqueId();

        client.publish("send.transactional", Requests.json(id, "transactional", "failed " + id, "+47123"),
                Map.of("traceparent", PUBLISHER, "tracestate", "vendor=opaque"));

        await().atMost(Duration.ofSeconds(20)).until(() -> has(id, "failed"));
        GetResponse failed = await().atMost(Duration.ofSeconds(20)).until(() -> client.take(Topology.FAILED_QUEUE),
                response -> response != null && id.equals(response.getProps().getMessageId()));
        String traceparent = BrokerClient.header(failed, "traceparent");
        assertThat(traceId(traceparent)).isEqualTo(TRACE_ID);
        assertThat(spanId(traceparent)).as("the worker's attempt, not the publisher's span").isNotEqualTo("00f067aa0ba902b7");
        assertThat(BrokerClient.header(failed, "tracestate")).isEqualTo("vendor=opaque");
        assertThat(eventsOf(id)).singleElement().satisfies(event -> assertThat(traceId(event.traceparent())).isEqualTo(TRACE_ID));
    }

    @Test
    void aMessageWithoutTraceContextGetsATraceThatItsRetryContinues() {
        FakeTwilio twilio = fixture.twilio();
        String id = Requests.uniqueId();
        String body = "untraced " + id;
        AtomicInteger calls = new AtomicInteger();
        twilio.answer(call -> body.equals(call.body()) && calls.incrementAndGet() == 1
                ? FakeTwilio.error(503, 20503, "down") : FakeTwilio.created());

        fixture.client().publish("send.transactional", Requests.json(id, "transactional", body));

        await().atMost(Duration.ofSeconds(30)).until(() -> has(id, "sent"));
        List<String> traceIds = eventsOf(id).stream().map(event -> traceId(event.traceparent())).toList();
        assertThat(traceIds).hasSize(2).doesNotContainNull().containsOnly(traceIds.getFirst());
        assertThat(twilio.callsWithBody(body)).extracting(call -> traceId(call.traceparent())).containsOnly(traceIds.getFirst());
    }

    private static boolean has(String id, String type) {
        return eventsOf(id).stream().anyMatch(event -> event.type().equals(type));
    }

    private static List<Event> eventsOf(String id) {
        return events.stream().filter(event -> id.equals(event.messageId())).toList();
    }

    private static String traceId(String traceparent) {
        return part(traceparent, 1);
    }

    private static String spanId(String traceparent) {
        return part(traceparent, 2);
    }

    private static String part(String traceparent, int group) {
        if (traceparent == null) {
            return null;
        }
        Matcher matcher = TRACEPARENT.matcher(traceparent);
        return matcher.matches() ? matcher.group(group) : "malformed: " + traceparent;
    }
}
