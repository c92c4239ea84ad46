package dev.smsworker.worker;

import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Headers;
import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.Events;
import dev.smsworker.worker.support.FailedQueue;
import dev.smsworker.worker.support.FakeHttpProvider;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, part 2: with every provider of a route down, the lane pauses instead of burning attempts.
 * Twilio (faked) serves the default route; OTPs go to the generic HTTP provider (faked) on their own
 * route, so each lane pauses by its own route. Breakers open after 2 failed calls.
 */
class PauseIT {

    static final Pattern SEND_PAUSED = Pattern.compile("sms_lane_paused\\{[^}]*lane=\"sms.send\"[^}]*} 1.0");
    static final Pattern SEND_RUNNING = Pattern.compile("sms_lane_paused\\{[^}]*lane=\"sms.send\"[^}]*} 0.0");
    static final Pattern OTP_PAUSED = Pattern.compile("sms_lane_paused\\{[^}]*lane=\"sms.send.otp\"[^}]*} 1.0");
    /** How long the first test's breaker stays open: long enough for the held message to arrive on a busy machine. */
    static final Duration OPEN_FOR = Duration.ofSeconds(10);

    TestBroker broker;
    String vhost;
    FakeTwilio twilio;
    FakeHttpProvider gateway;
    RunningWorker worker;
    BrokerClient client;
    Events events;
    FailedQueue failed;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void setUp() {
        broker = TestBroker.get();
        vhost = broker.createVhost("pause");
        twilio = new FakeTwilio();
        gateway = new FakeHttpProvider();
    }

    void startWorker(String openFor, String otpRoute, String... more) {
        List<String> properties = new ArrayList<>(List.of(twilio.workerProperties()));
        properties.addAll(List.of(gateway.asGenericHttp()));
        properties.addAll(List.of("sms.routing.kinds.otp=" + otpRoute,
                "sms.routing.breaker.sliding-window=2", "sms.routing.breaker.minimum-calls=2",
                "sms.routing.breaker.open-for=" + openFor, "sms.routing.breaker.half-open-calls=1",
                "sms.routing.hold-check=100ms",
                "management.endpoints.web.exposure.include=health,prometheus"));
        properties.addAll(List.of(more));
        worker = RunningWorker.start(broker, vhost, properties.toArray(String[]::new));
        client = new BrokerClient(broker, vhost);
        events = new Events(client);
        failed = new FailedQueue(client);
    }

    @AfterEach
    void tearDown() {
        Stream.<AutoCloseable>of(client, worker, twilio, gateway).forEach(closeable -> {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // best effort
            }
        });
        broker.deleteVhost(vhost);
    }

    @Test
    void aProviderDownThenBackPausesItsLaneWithoutSpendingAttemptsAndSendsWhenItReturns() throws Exception {
        // The lane must pause once, for the held message. The breaker's openers must therefore stay in their delay
        // queue (1 s delays brought them back to a half-open breaker, which they opened again: a second pause, at
        // load 20), and the held message must reach the lane while the breaker is still open (3 s was too short
        // at that load for the publish, the consume and the checks).
        startWorker(OPEN_FOR.toSeconds() + "s", "http", "sms.retry.delays=1m,2m,3m");
        twilio.answer(call -> FakeTwilio.error(503, 20429, "Service unavailable"));
        openTwilioBreaker();

        String held = Requests.uniqueId();
        long published = System.nanoTime();
        client.publish("send.transactional", Requests.json(held, "transactional", "held-" + held));
        await().atMost(Duration.ofSeconds(10)).until(() -> SEND_PAUSED.matcher(get("/actuator/prometheus")).find());
        long pausedAfter = System.nanoTime() - published;
        assertThat(get("/actuator/health/lanes")).contains("\"paused\":true").contains("twilio=OPEN");
        // At least once: on a busy machine the 3 s breaker can half-open, fail its probe and pause the lane again
        // before this line runs.
        assertThat(get("/actuator/prometheus")).containsPattern("sms_lane_pauses_total\\{[^}]*lane=\"sms.send\"[^}]*} [1-9][0-9]*\\.0");

        // The OTP lane has its own route (the gateway, up): it neither pauses nor waits.
        String otp = Requests.uniqueId();
        client.publish("send.otp", Requests.json(otp, "otp", "otp-" + otp));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.has(otp, "sent"));
        assertThat(OTP_PAUSED.matcher(get("/actuator/prometheus")).find()).isFalse();

        twilio.answer(call -> FakeTwilio.created());
        long back = System.nanoTime();
        await().atMost(OPEN_FOR.plusSeconds(20)).until(() -> events.has(held, "sent"));
        await().atMost(Duration.ofSeconds(10)).until(() -> SEND_RUNNING.matcher(get("/actuator/prometheus")).find());
        long resumedAfter = System.nanoTime() - back;

        assertThat(twilio.callsWithBody("held-" + held)).as("never called while its breaker was open").hasSize(1);
        assertThat(events.of(held, "sent").getFirst().json()).contains("\"attempt\":1");
        assertThat(events.has(held, "retrying")).as("no trip through a delay queue").isFalse();
        assertThat(get("/actuator/health/lanes")).doesNotContain("\"paused\":true");
        System.out.printf("pause measured: lane paused %d ms after the held message was published; "
                        + "resumed %d ms after the provider came back (breaker open-for %d s, hold-check 100 ms)%n",
                Duration.ofNanos(pausedAfter).toMillis(), Duration.ofNanos(resumedAfter).toMillis(), OPEN_FOR.toSeconds());

        // The lane consumes again: a new message goes straight through.
        String after = Requests.uniqueId();
        client.publish("send.transactional", Requests.json(after, "transactional", "after-" + after));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.has(after, "sent"));
    }

    @Test
    void anOtpThatExpiresWhileItsLaneIsPausedFailsExpiredWithTheProvidersRealError() throws Exception {
        startWorker("1m", "twilio");
        twilio.answer(call -> FakeTwilio.error(503, 20429, "Service unavailable"));
        openTwilioBreaker();

        String otp = Requests.uniqueId();
        client.publish("send.otp", Requests.expiring(otp, "otp", "otp-" + otp, Instant.now().plusSeconds(4)));
        await().atMost(Duration.ofSeconds(10)).until(() -> OTP_PAUSED.matcher(get("/actuator/prometheus")).find());

        GetResponse dead = failed.await(otp, Duration.ofSeconds(20));
        assertThat(BrokerClient.header(dead, Headers.ERROR_CLASS)).isEqualTo("EXPIRED");
        assertThat(BrokerClient.header(dead, Headers.ERROR_CODE)).as("the provider's error, not breaker-open").isEqualTo("20429");
        assertThat(BrokerClient.header(dead, Headers.PROVIDER)).isEqualTo("twilio");
        assertThat(BrokerClient.header(dead, Headers.ATTEMPT)).as("held, never attempted again").isEqualTo("1");
        assertThat(twilio.callsWithBody("otp-" + otp)).isEmpty();
        assertThat(events.has(otp, "retrying")).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> !OTP_PAUSED.matcher(get("/actuator/prometheus")).find());
    }

    @Test
    void aCredentialsFailureBehindAnOpenBreakerFailsAsProviderFatalWithTwiliosCode() throws Exception {
        startWorker("1m", "twilio");
        twilio.answer(call -> FakeTwilio.error(401, 20003, "Authenticate"));

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = Requests.uniqueId();
            ids.add(id);
            client.publish("send.transactional", Requests.json(id, "transactional", "auth-" + id));
            await().atMost(Duration.ofSeconds(20)).until(() -> events.has(id, "failed"));
        }

        assertThat(twilio.calls()).as("the last two were skipped behind the open breaker").hasSize(2);
        for (String id : ids) {
            GetResponse dead = failed.await(id, Duration.ofSeconds(10));
            assertThat(BrokerClient.header(dead, Headers.ERROR_CLASS)).isEqualTo("PROVIDER_FATAL");
            assertThat(BrokerClient.header(dead, Headers.ERROR_CODE)).isEqualTo("20003");
            assertThat(events.has(id, "retrying")).isFalse();
        }
    }

    /** Two transactional messages fail at Twilio (503): attempts spent, as they should be; the breaker opens. */
    private void openTwilioBreaker() throws Exception {
        for (int i = 0; i < 2; i++) {
            String id = Requests.uniqueId();
            client.publish("send.transactional", Requests.json(id, "transactional", "opener-" + id));
            await().atMost(Duration.ofSeconds(10)).until(() -> events.has(id, "retrying"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/actuator/health/providers").contains("\"twilio\":{\"enabled\":true,\"breaker\":\"OPEN\""));
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
