package dev.smsworker.worker;

import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message that passed a delay queue once (its x-death says so) must be able to pass it again, e.g.
 * after a replay. Retry topologies that republish with stale death headers have had such messages
 * silently dropped by the broker's dead-letter cycle detection.
 */
class DelayQueueTwiceIT {

    @RegisterExtension
    static final WorkerFixture fixture = new WorkerFixture("twice");

    @Test
    void aMessageWithStaleDeathHeadersComesBackFromTheDelayQueue() {
        FakeTwilio twilio = fixture.twilio();
        AtomicInteger calls = new AtomicInteger();
        twilio.answer(call -> calls.getAndIncrement() == 0 ? FakeTwilio.json(503, "{}") : FakeTwilio.created());
        // The death headers of a message that once expired in sms.send and went round through the
        // failed queue, replayed by a tool that keeps them. When the worker parks it in a delay
        // queue and the TTL sends it back to sms.send, the broker sees sms.send in x-death with no
        // rejection since: a cycle, and it drops the message unless the worker stripped x-death.
        Map<String, Object> death = Map.of("count", 1L, "reason", "expired", "queue", "sms.send",
                "time", new Date(), "exchange", "sms", "routing-keys", List.of("send.transactional"));
        String body = "again " + Requests.uniqueId();
        fixture.client().publish("send.transactional", Requests.json(Requests.uniqueId(), "transactional", body), Map.of(
                "x-death", List.of(death),
                "x-first-death-queue", "sms.send", "x-first-death-reason", "expired", "x-first-death-exchange", "sms",
                "x-last-death-queue", "sms.send", "x-last-death-reason", "expired", "x-last-death-exchange", "sms"));

        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.callsWithBody(body).size() == 2);
        assertThat(twilio.callsWithBody(body)).hasSize(2);
    }
}
