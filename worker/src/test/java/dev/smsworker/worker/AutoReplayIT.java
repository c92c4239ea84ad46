package dev.smsworker.worker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Topology;
import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.Events;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.RunningWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, part 2, {@code sms.recovery.auto-replay=true}: when Twilio's breaker closes after an outage,
 * what ended EXHAUSTED during it and is still valid is replayed from sms.failed; expired OTPs and
 * messages that may already have been delivered stay. One retry tier (1 s) so a message exhausts
 * quickly; the breaker opens on one failure and probes after 2 s.
 */
class AutoReplayIT {

    TestBroker broker;
    String vhost;
    FakeTwilio twilio;
    RunningWorker worker;
    BrokerClient client;
    Events events;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        broker = TestBroker.get();
        vhost = broker.createVhost("auto-replay");
        twilio = new FakeTwilio();
        List<String> properties = new ArrayList<>(List.of(twilio.workerProperties()));
        properties.addAll(List.of("sms.retry.delays=1s",
                "sms.routing.breaker.sliding-window=1", "sms.routing.breaker.minimum-calls=1",
                "sms.routing.breaker.open-for=2s", "sms.routing.breaker.half-open-calls=1",
                "sms.routing.hold-check=100ms", "sms.recovery.auto-replay=true",
                "management.endpoints.web.exposure.include=health,prometheus"));
        worker = RunningWorker.start(broker, vhost, properties.toArray(String[]::new));
        client = new BrokerClient(broker, vhost);
        events = new Events(client);
    }

    @AfterEach
    void stop() {
        client.close();
        worker.close();
        twilio.close();
        broker.deleteVhost(vhost);
    }

    @Test
    void whenTheProviderRecoversTheOutagesExhaustedMessagesAreReplayedButNotExpiredOrMaybeDeliveredOnes() throws Exception {
        twilio.answer(call -> FakeTwilio.error(503, 20429, "Service unavailable"));
        String exhausted = Requests.uniqueId();
        client.publish("send.transactional", Requests.json(exhausted, "transactional", "outage-" + exhausted));
        // Attempt 1 fails and opens the breaker; attempt 2 waits for the probe, fails, and has no tier left.
        await().atMost(Duration.ofSeconds(20)).until(() -> events.has(exhausted, "failed"));
        assertThat(events.of(exhausted, "failed").getFirst().json()).contains("\"errorClass\":\"EXHAUSTED\"");

        // Failures the same outage left behind that must not come back: an OTP past its expiresAt, and a
        // message an earlier attempt may have delivered.
        String expiredOtp = Requests.uniqueId();
        storeFailed(expiredOtp, "send.otp", Requests.expiring(expiredOtp, "otp", "expired-" + expiredOtp,
                Instant.now().minusSeconds(1)), Map.of());
        String maybeDelivered = Requests.uniqueId();
        storeFailed(maybeDelivered, "send.transactional", Requests.json(maybeDelivered, "transactional", "maybe-" + maybeDelivered),
                Map.of(Headers.MAYBE_DELIVERED, "twilio:timeout-after-write"));

        twilio.answer(call -> FakeTwilio.created());
        String trigger = Requests.uniqueId();
        client.publish("send.transactional", Requests.json(trigger, "transactional", "trigger-" + trigger));
        await().atMost(Duration.ofSeconds(20)).until(() -> events.has(trigger, "sent"));

        await().atMost(Duration.ofSeconds(20)).until(() -> events.has(exhausted, "sent"));
        assertThat(events.of(exhausted, "sent").getFirst().json()).contains("\"attempt\":1");
        assertThat(twilio.callsWithBody("outage-" + exhausted)).as("2 failed attempts, then the replay").hasSize(3);
        assertThat(get("/actuator/prometheus")).containsPattern("sms_auto_replayed_total\\{[^}]*provider=\"twilio\"[^}]*} 1.0");

        List<String> left = new ArrayList<>();
        GetResponse next;
        while ((next = client.take(Topology.FAILED_QUEUE)) != null) {
            left.add(next.getProps().getMessageId());
        }
        assertThat(left).containsExactlyInAnyOrder(expiredOtp, maybeDelivered);
        assertThat(twilio.callsWithBody("expired-" + expiredOtp)).isEmpty();
        assertThat(twilio.callsWithBody("maybe-" + maybeDelivered)).isEmpty();
    }

    /** A failed message as the worker stores one: EXHAUSTED at Twilio, now (within the outage). */
    private void storeFailed(String id, String routingKey, String json, Map<String, Object> extra) {
        Map<String, Object> headers = new HashMap<>(extra);
        headers.put(Headers.ATTEMPT, 4);
        headers.put(Headers.FIRST_ATTEMPT_AT, Instant.now().minusSeconds(5).toString());
        headers.put(Headers.ERROR_CLASS, "EXHAUSTED");
        headers.put(Headers.ERROR_CODE, "20429");
        headers.put(Headers.PROVIDER, "twilio");
        headers.put(Headers.PROVIDER_ERRORS, "twilio=RETRYABLE:20429");
        headers.put(Headers.FAILED_AT, Instant.now().toString());
        headers.put(Headers.ROUTING_KEY, routingKey);
        client.publishTo(Topology.FAILED_EXCHANGE, routingKey, json.getBytes(StandardCharsets.UTF_8),
                new AMQP.BasicProperties.Builder().messageId(id).contentType("application/json").deliveryMode(2)
                        .headers(headers).build());
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
