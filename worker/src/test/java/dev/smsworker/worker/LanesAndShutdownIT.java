package dev.smsworker.worker;

import dev.smsworker.contracts.Topology;
import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.RunningWorker;
import io.micrometer.core.instrument.MeterRegistry;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each test starts its own worker: lane isolation under a backlog, and shutdown with sends in flight. */
class LanesAndShutdownIT {

    TestBroker broker;
    String vhost;
    FakeTwilio twilio;
    BrokerClient client;

    @BeforeEach
    void start() {
        broker = TestBroker.get();
        vhost = broker.createVhost("lanes");
        twilio = new FakeTwilio();
        client = new BrokerClient(broker, vhost);
    }

    @AfterEach
    void stop() {
        client.close();
        twilio.close();
        broker.deleteVhost(vhost);
    }

    @Test
    void aMarketingBacklogNeverDelaysALoginCode() {
        // Marketing sends take 2s each and only 2 may be in flight: 20 of them are a 20-second backlog.
        twilio.answer(call -> call.body().startsWith("promo")
                ? new MockResponse.Builder(FakeTwilio.created()).headersDelay(2, TimeUnit.SECONDS).build()
                : FakeTwilio.created());
        try (RunningWorker worker = RunningWorker.start(broker, vhost, with(twilio.workerProperties(),
                "sms.consumer.max-in-flight=2", "sms.consumer.prefetch=2"))) {
            for (int i = 0; i < 20; i++) {
                client.publish("send.marketing", Requests.json(Requests.uniqueId(), "marketing", "promo " + i));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> twilio.calls().size() >= 2);

            String otp = "code " + Requests.uniqueId();
            long published = System.nanoTime();
            client.publish("send.otp", Requests.json(Requests.uniqueId(), "otp", otp));
            await().atMost(Duration.ofSeconds(2)).until(() -> twilio.callsWithBody(otp).size() == 1);
            Duration otpLatency = Duration.ofNanos(System.nanoTime() - published);

            assertThat(otpLatency).isLessThan(Duration.ofSeconds(2));
            assertThat(client.depth(Topology.SEND_QUEUE)).as("marketing still queued behind").isGreaterThan(10);
        }
    }

    /**
     * Issue 16: with a 200 ms provider one worker was capped at 2,500 msg/s by its in-flight bound (500
     * per lane) while the broker had handed it as many again. Unset, the bound starts low (32) and grows
     * while deliveries wait for it and the cores keep up, up to what the lane holds.
     */
    @Test
    void aSlowProviderGetsEveryDeliveryTheLaneHoldsInFlightAtOnce() {
        // Nothing is answered for 60 s: every call that arrives before then is in flight at the same time.
        twilio.answer(call -> new MockResponse.Builder(FakeTwilio.created()).headersDelay(60, TimeUnit.SECONDS).build());
        try (RunningWorker worker = RunningWorker.start(broker, vhost, with(twilio.workerProperties(),
                "sms.providers.twilio.read-timeout=90s", "sms.providers.twilio.call-timeout=120s",
                "sms.consumer.drain-timeout=1s",
                // A claim must outlast the longest attempt (call-timeout x connect attempts), or the worker refuses to start.
                "sms.dedup.claim-timeout=10m"))) {
            for (int i = 0; i < 800; i++) {
                client.publish("send.transactional", Requests.json(Requests.uniqueId(), "transactional", "slow " + i));
            }
            // Nothing is answered, so 800 calls means 800 permits held at once: the bound grew from 32 to 800+.
            await().atMost(Duration.ofSeconds(40)).until(() -> twilio.calls().size() >= 800);
            // It may have shrunk since (a burst of 800 starts can make the cores look saturated): a lower
            // bound holds back new sends only, and the 800 stay in flight.
            assertThat(worker.bean(MeterRegistry.class).get("sms.consumer.in.flight.limit").tag("lane", Topology.SEND_QUEUE)
                    .gauge().value()).as("the lane's bound now").isBetween(32.0, 1000.0);
        }
    }

    @Test
    void shutdownWaitsForInFlightSendsAndLosesOrRequeuesNothing() throws Exception {
        twilio.answer(call -> new MockResponse.Builder(FakeTwilio.created()).headersDelay(2, TimeUnit.SECONDS).build());
        RunningWorker worker = RunningWorker.start(broker, vhost, twilio.workerProperties());
        BlockingQueue<String> events = client.watchEvents();
        for (int i = 0; i < 5; i++) {
            client.publish("send.transactional", Requests.json(Requests.uniqueId(), "transactional", "slow " + i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> twilio.calls().size() == 5);

        long closing = System.nanoTime();
        worker.close(); // what SIGTERM does: Spring closes the context
        Duration shutdown = Duration.ofNanos(System.nanoTime() - closing);

        // The trap this guards: a container that closes its channel when the listener returns would
        // requeue these five while their SMS were still being sent, and another worker would resend them.
        assertThat(shutdown).as("waited for the provider").isGreaterThan(Duration.ofMillis(1000));
        assertThat(client.depth(Topology.SEND_QUEUE)).as("nothing handed back").isZero();
        List<String> sent = BrokerClient.poll(events, 5, 5);
        assertThat(sent).hasSize(5).allMatch(e -> e.contains("\"type\":\"sent\""));
        assertThat(twilio.calls()).hasSize(5);
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
