package dev.smsworker.worker;

import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.consumer.LaneSubscriptions;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A connection the broker closes is recovered in place; readiness shows the gap. */
class RecoveryIT {

    @RegisterExtension
    static final WorkerFixture fixture = new WorkerFixture("recovery");

    @Test
    void afterTheBrokerClosesEveryConnectionTheWorkerRecoversAndKeepsSending() {
        TestBroker broker = fixture.broker();
        String vhost = fixture.vhost();
        FakeTwilio twilio = fixture.twilio();
        BrokerClient client = fixture.client();
        LaneSubscriptions consumers = fixture.worker().bean(LaneSubscriptions.class);
        String before = "before " + Requests.uniqueId();
        client.publish("send.otp", Requests.json(Requests.uniqueId(), "otp", before));
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.callsWithBody(before).size() == 1);

        AtomicBoolean sawNotReady = new AtomicBoolean();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.closeConnections(vhost) >= 2);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            sawNotReady.compareAndSet(false, !consumers.consuming());
            return sawNotReady.get();
        });
        await().atMost(Duration.ofSeconds(30)).until(consumers::consuming);

        try (BrokerClient again = new BrokerClient(broker, vhost)) {
            String after = "after " + Requests.uniqueId();
            again.publish("send.otp", Requests.json(Requests.uniqueId(), "otp", after));
            await().atMost(Duration.ofSeconds(15)).until(() -> twilio.callsWithBody(after).size() == 1);
        }
        assertThat(sawNotReady).isTrue();
    }
}
