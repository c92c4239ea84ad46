package dev.smsworker.worker;

import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Headers;
import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FakeHttpProvider;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.RunningWorker;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the worker does when its own code throws, or the ground moves under its publishing, with the
 * real broker (issue 9): every message still ends in one place with a reason, never a bare reject.
 */
class UnexpectedErrorsIT {

    TestBroker broker;
    String vhost;
    BrokerClient client;

    @BeforeEach
    void start() {
        broker = TestBroker.get();
        vhost = broker.createVhost("unexpected");
        client = new BrokerClient(broker, vhost);
    }

    @AfterEach
    void stop() {
        client.close();
        broker.deleteVhost(vhost);
    }

    /**
     * The exception that used to be injected here: a header value OkHttp refuses (not ASCII), set for the
     * generic provider, made building every request throw IllegalArgumentException, which escaped the
     * router and the pipeline (sms.failed with the broker's x-death only, no sms-error-class, no event).
     * A configured value is now checked when the worker starts, so the same input stops the start with
     * a line that names the property and not the value; a provider that still throws at run time is that
     * provider's failure (ProviderRouterTest), and anything else the pipeline fails with internal-error.
     */
    @Test
    void aHeaderValueOkHttpWouldRefuseStopsTheStartNamingThePropertyNotTheValue() throws Exception {
        try (FakeHttpProvider gateway = new FakeHttpProvider()) {
            List<String> properties = new ArrayList<>(List.of(gateway.asGenericHttp()));
            properties.add("sms.providers.order=http");
            properties.add("sms.providers.http.headers.X-Api-Key=n\u00f8kkel");
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                    () -> RunningWorker.start(broker, vhost, properties.toArray(String[]::new)).close());
            assertThat(failure).isNotNull();
            StringBuilder causes = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                causes.append(t.getMessage()).append('\n');
            }
            assertThat(causes.toString()).contains("sms.providers.http.headers.X-Api-Key").doesNotContain("n\u00f8kkel");
            assertThat(gateway.calls()).isEmpty();
        }
    }

    /**
     * The publishing connection is closed from the broker's side, three times, while 1,200 sends flow
     * through 20 at a time: half are accepted (a status event to publish), half refused as an invalid number (a
     * republish to sms.failed). Before, the client's AlreadyClosedException escaped
     * ConfirmedPublisher.publish and the status events, and the consumer rejected those messages into
     * sms.failed without a reason: sent SMS among them. Now a failed publish hands the message back.
     */
    @Test
    void aPublishingConnectionClosedUnderTheWorkerLeavesEveryMessageSentOrFailedWithAReason() throws Exception {
        try (FakeTwilio twilio = new FakeTwilio()) {
            twilio.answer(call -> {
                MockResponse answer = call.body().startsWith("bad ")
                        ? FakeTwilio.error(400, 21211, "The 'To' number is not a valid phone number.") : FakeTwilio.created();
                return new MockResponse.Builder(answer).headersDelay(200, TimeUnit.MILLISECONDS).build();
            });
            RunningWorker.start(broker, vhost, twilio.workerProperties()).close(); // declares the queues
            Map<String, Boolean> accepted = new HashMap<>();
            for (int i = 0; i < 1_200; i++) {
                String id = Requests.uniqueId();
                boolean ok = i % 2 == 0;
                accepted.put(id, ok);
                client.publish("send.transactional", Requests.json(id, "transactional", (ok ? "ok " : "bad ") + id));
            }
            // A steady flow (about 100 outcomes a second) keeps the publishing connection busy through every close.
            String[] properties = java.util.stream.Stream.concat(java.util.Arrays.stream(twilio.workerProperties()),
                    java.util.stream.Stream.of("sms.consumer.prefetch=20", "sms.consumer.max-in-flight=20")).toArray(String[]::new);
            try (RunningWorker ignored = RunningWorker.start(broker, vhost, properties)) {
                for (int round = 1; round <= 3; round++) {
                    int calls = round * 250;
                    await().atMost(Duration.ofSeconds(60)).until(() -> twilio.calls().size() >= calls);
                    // The management API lists a reopened connection only after its next statistics round.
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                            .until(() -> broker.closeConnectionsExcept(vhost, Set.of("sms-worker-consumers", "test-client")) > 0);
                }
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                        .until(() -> client.depth("sms.send") == 0 && unackedIn("sms.send") == 0);
            }
            Map<String, GetResponse> inFailed = new HashMap<>();
            GetResponse next;
            while ((next = client.take("sms.failed")) != null) {
                inFailed.put(next.getProps().getMessageId(), next);
            }
            accepted.forEach((id, ok) -> {
                if (ok) {
                    assertThat(inFailed).as("an accepted SMS in sms.failed").doesNotContainKey(id);
                    assertThat(twilio.callsWithBody("ok " + id)).as("provider calls for " + id).isNotEmpty();
                } else {
                    assertThat(inFailed).as("a refused SMS not in sms.failed").containsKey(id);
                    assertThat(BrokerClient.header(inFailed.get(id), Headers.ERROR_CLASS)).as("reason of " + id).isEqualTo("MESSAGE_FATAL");
                }
            });
            assertThat(inFailed).hasSize(600);
        }
    }

    private long unackedIn(String queue) {
        String json = broker.get("/api/queues/" + vhost + "/" + queue);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"messages_unacknowledged\":(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
