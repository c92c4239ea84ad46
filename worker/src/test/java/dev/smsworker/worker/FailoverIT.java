package dev.smsworker.worker;

import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Headers;
import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FailedQueue;
import dev.smsworker.worker.support.FakeHttpProvider;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.RunningWorker;
import io.micrometer.core.instrument.MeterRegistry;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failover within one attempt, with the real worker and broker: Twilio (faked) first, the generic
 * HTTP provider (faked) second, LINK Mobility (faked) first for Norwegian numbers. Retry delays are
 * long (20s) so a message that has to wait can be taken from its delay queue and looked at.
 */
class FailoverIT {

    static final String SWEDEN = "+46701234567";
    static final String NORWAY = "+4791234567";

    static TestBroker broker;
    static String vhost;
    static FakeTwilio twilio;
    static FakeHttpProvider gateway;
    static FakeHttpProvider link;
    static RunningWorker worker;
    static BrokerClient client;
    static FailedQueue failed;
    static BlockingQueue<String> events;

    @BeforeAll
    static void start() {
        broker = TestBroker.get();
        vhost = broker.createVhost("failover");
        twilio = new FakeTwilio();
        gateway = new FakeHttpProvider();
        link = new FakeHttpProvider();
        List<String> properties = new ArrayList<>(List.of(twilio.workerProperties()));
        properties.addAll(List.of(gateway.asGenericHttp()));
        properties.addAll(List.of(link.asLinkMobility()));
        properties.add("sms.providers.order=twilio,http");
        properties.add("sms.routing.countries.NO=linkmobility,twilio");
        properties.add("sms.retry.delays=20s,40s");
        worker = RunningWorker.start(broker, vhost, properties.toArray(String[]::new));
        client = new BrokerClient(broker, vhost);
        failed = new FailedQueue(client);
        events = client.watchEvents();
    }

    @AfterAll
    static void stop() {
        client.close();
        worker.close();
        twilio.close();
        gateway.close();
        link.close();
        broker.deleteVhost(vhost);
    }

    @Test
    void whenThePrimaryAnswers503TheSecondarySendsInTheSameAttempt() throws Exception {
        String id = Requests.uniqueId();
        String body = "outage " + id;
        twilio.answer(call -> body.equals(call.body()) ? FakeTwilio.json(503, "{\"message\":\"unavailable\"}") : FakeTwilio.created());

        client.publish("send.transactional", Requests.json(id, "transactional", body, SWEDEN));

        String sent = awaitEvent(id, "\"type\":\"sent\"");
        assertThat(sent).contains("\"provider\":\"http\"", "\"attempt\":1");
        assertThat(twilio.callsWithBody(body)).hasSize(1);
        assertThat(gateway.callsWith(body)).hasSize(1);
    }

    @Test
    void whenEveryProviderFailsRetryablyTheMessageWaitsWithEachProvidersError() throws Exception {
        String id = Requests.uniqueId();
        String body = "everything down " + id;
        twilio.answer(call -> body.equals(call.body()) ? FakeTwilio.json(503, "{}") : FakeTwilio.created());
        gateway.answer(call -> call.body().contains(body) ? FakeHttpProvider.json(502, "{}") : FakeHttpProvider.accepted());

        client.publish("send.transactional", Requests.json(id, "transactional", body, SWEDEN));

        assertThat(awaitEvent(id, "\"type\":\"retrying\"")).contains("\"errorClass\":\"RETRYABLE\"");
        GetResponse waiting = await().atMost(Duration.ofSeconds(5)).until(() -> client.take("sms.retry.20s"), r -> r != null);
        assertThat(waiting.getProps().getMessageId()).isEqualTo(id);
        assertThat(BrokerClient.header(waiting, Headers.PROVIDER_ERRORS)).isEqualTo("twilio=RETRYABLE:503; http=RETRYABLE:502");
        assertThat(BrokerClient.header(waiting, Headers.ERROR_CLASS)).isEqualTo("RETRYABLE");
        assertThat(BrokerClient.header(waiting, Headers.PROVIDER)).isEqualTo("http");
    }

    @Test
    void aMessageFatalAnswerFromThePrimaryFailsAtOnceAndTheSecondaryIsNeverCalled() {
        String id = Requests.uniqueId();
        String body = "invalid " + id;
        twilio.answer(call -> body.equals(call.body()) ? FakeTwilio.error(400, 21211, "The 'To' number is not a valid phone number.")
                : FakeTwilio.created());

        client.publish("send.transactional", Requests.json(id, "transactional", body, SWEDEN));

        GetResponse message = failed.await(id, Duration.ofSeconds(10));
        assertThat(BrokerClient.header(message, Headers.ERROR_CLASS)).isEqualTo("MESSAGE_FATAL");
        assertThat(BrokerClient.header(message, Headers.PROVIDER_ERRORS)).isEqualTo("twilio=MESSAGE_FATAL:21211");
        assertThat(gateway.callsWith(body)).isEmpty();
    }

    @Test
    void aNorwegianNumberGoesToLinkMobilityFirst() throws Exception {
        String id = Requests.uniqueId();
        String body = "hei " + id;

        client.publish("send.transactional", Requests.json(id, "transactional", body, NORWAY));

        assertThat(awaitEvent(id, "\"type\":\"sent\"")).contains("\"provider\":\"linkmobility\"");
        FakeHttpProvider.Call call = link.callsWith(body).getFirst();
        assertThat(call.path()).isEqualTo("/sms/send");
        assertThat(call.body()).contains("\"destination\":\"+4791234567\"", "\"refId\":\"" + id + "\"");
        assertThat(twilio.callsWithBody(body)).isEmpty();
    }

    @Test
    void aNorwegianNumberFailsOverWithinItsRouteWhenLinkMobilityIsDown() throws Exception {
        String id = Requests.uniqueId();
        String body = "hei igjen " + id;
        link.answer(call -> call.body().contains(body) ? FakeHttpProvider.json(503, "{}") : FakeHttpProvider.accepted());

        client.publish("send.transactional", Requests.json(id, "transactional", body, NORWAY));

        assertThat(awaitEvent(id, "\"type\":\"sent\"")).contains("\"provider\":\"twilio\"");
        assertThat(gateway.callsWith(body)).isEmpty();
    }

    /**
     * Issue 9: Twilio answered 201, sent half its body and stalled; the read timeout made it retryable and
     * the generic provider sent the SMS a second time. Once a provider said 2xx, no other provider gets it.
     */
    @Test
    void aSuccessStatusWhoseBodyStallsIsSentOnceAndTheSecondaryIsNeverCalled() throws Exception {
        String id = Requests.uniqueId();
        String body = "stalled " + id;
        twilio.answer(call -> body.equals(call.body())
                ? FakeTwilio.created().newBuilder().onResponseBody(SocketEffect.Stall.INSTANCE).build()
                : FakeTwilio.created());

        client.publish("send.transactional", Requests.json(id, "transactional", body, SWEDEN));

        String sent = awaitEvent(id, "\"type\":\"sent\"");
        assertThat(sent).contains("\"provider\":\"twilio\"").doesNotContain("providerMessageId");
        assertThat(twilio.callsWithBody(body)).hasSize(1);
        assertThat(gateway.callsWith(body)).isEmpty();
        assertThat(worker.bean(MeterRegistry.class).get("sms.send.ambiguous").tag("provider", "twilio")
                .tag("reason", "body-unreadable").counter().count()).isGreaterThanOrEqualTo(1.0);
    }

    /**
     * Issue 9: a timeout after the request was written may have reached the handset; the message that waits
     * for its next attempt says so, so a later failure for another reason can't hide it from a replay.
     */
    @Test
    void aTimeoutAfterTheRequestWasWrittenMarksTheWaitingMessageMaybeDelivered() throws Exception {
        String id = Requests.uniqueId();
        String body = "no answer " + id;
        twilio.answer(call -> body.equals(call.body())
                ? FakeTwilio.created().newBuilder().headersDelay(5, TimeUnit.SECONDS).build()
                : FakeTwilio.created());
        gateway.answer(call -> call.body().contains(body) ? FakeHttpProvider.json(502, "{}") : FakeHttpProvider.accepted());

        client.publish("send.transactional", Requests.json(id, "transactional", body, SWEDEN));

        assertThat(awaitEvent(id, "\"type\":\"retrying\"", Duration.ofSeconds(20))).contains("\"errorClass\":\"RETRYABLE\"");
        GetResponse waiting = await().atMost(Duration.ofSeconds(5)).until(() -> client.take("sms.retry.20s"), r -> r != null);
        assertThat(BrokerClient.header(waiting, Headers.MAYBE_DELIVERED)).isEqualTo("twilio:read-timeout");
        assertThat(BrokerClient.header(waiting, Headers.PROVIDER_ERRORS)).isEqualTo("twilio=RETRYABLE:read-timeout; http=RETRYABLE:502");
    }

    static String awaitEvent(String messageId, String containing) throws InterruptedException {
        return awaitEvent(messageId, containing, Duration.ofSeconds(10));
    }

    static String awaitEvent(String messageId, String containing, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.contains(messageId) && event.contains(containing)) {
                return event;
            }
        }
        throw new AssertionError("no event " + containing + " for " + messageId);
    }
}
