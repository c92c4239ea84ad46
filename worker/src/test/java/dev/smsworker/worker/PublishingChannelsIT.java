package dev.smsworker.worker;

import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.RunningWorker;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The publishing connection under many concurrent sends. */
class PublishingChannelsIT {

    TestBroker broker;
    String vhost;
    FakeTwilio twilio;
    BrokerClient client;

    @BeforeEach
    void start() {
        broker = TestBroker.get();
        vhost = broker.createVhost("channels");
        twilio = new FakeTwilio();
        client = new BrokerClient(broker, vhost);
    }

    @AfterEach
    void stop() {
        client.close();
        twilio.close();
        broker.deleteVhost(vhost);
    }

    /**
     * Guards a bug the benchmark found (bench/run-perf): with the channel cache unbounded
     * (checkout-timeout 0), hundreds of sends finishing together each opened a channel for their
     * status event beyond the 64 cached ones and closed it right after; the broker created and
     * closed a channel per message, and the worker kept a thread per closing channel (1,000+).
     */
    @Test
    void aBurstOfSendsPublishesOnTheCachedChannelsWithoutOpeningNewOnes() {
        twilio.answer(call -> new MockResponse.Builder(FakeTwilio.created()).headersDelay(300, TimeUnit.MILLISECONDS).build());
        RunningWorker.start(broker, vhost, twilio.workerProperties()).close(); // declares the queues
        for (int i = 0; i < 300; i++) {
            client.publish("send.transactional", Requests.json(Requests.uniqueId(), "transactional", "burst " + i));
        }
        try (RunningWorker worker = RunningWorker.start(broker, vhost, twilio.workerProperties())) {
            CachingConnectionFactory factory = worker.bean(CachingConnectionFactory.class);
            AtomicInteger opened = new AtomicInteger();
            factory.addChannelListener((channel, transactional) -> opened.incrementAndGet());

            // A hang guard, not a speed target: what is proved is the channel count. 300 sends took more than 30 s
            // at load 20-30 in the full suite (2026-11-30, three modules testing side by side).
            await().atMost(Duration.ofMinutes(3)).until(() -> twilio.calls().size() == 300);
            await().atMost(Duration.ofMinutes(1)).until(() -> client.depth("sms.send") == 0);

            assertThat(opened.get()).as("channels opened for 300 sends").isLessThanOrEqualTo(factory.getChannelCacheSize());
        }
    }
}
