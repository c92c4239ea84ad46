package dev.smsworker.worker;

import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Topology;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.Events;
import dev.smsworker.worker.support.FailedQueue;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.ShiftableClock;
import dev.smsworker.worker.support.WorkerFixture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, "at the cap marketing and transactional are held or refused (configurable)": with
 * {@code at-cap=hold} a message of a kind at its spend cap waits in the broker, without a provider call or a
 * spent attempt, and is sent once the UTC day rolls over; one that expires while held fails EXPIRED naming the
 * cap. Each message costs 0.05 and each cap is 0.05, so one sent message puts its kind at the cap. The worker
 * runs on a clock the test moves to the next day; its longest delay tier, where held messages wait, is 2 s.
 */
class SpendHoldIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String HOLD_QUEUE = Topology.delayQueue(Duration.ofSeconds(2));

    static final ShiftableClock clock = new ShiftableClock();

    @RegisterExtension
    static final WorkerFixture fixture = new WorkerFixture("spend-hold",
            "sms.retry.delays=1s,2s",
            "sms.pricing.per-segment.twilio.default=0.05",
            "sms.spend.caps.marketing.daily=0.05",
            "sms.spend.caps.marketing.at-cap=hold",
            "sms.spend.caps.transactional.daily=0.05",
            "sms.spend.caps.transactional.at-cap=hold").withClock(clock);

    static FakeTwilio twilio;
    static BrokerClient client;
    static FailedQueue failed;
    static Events events;
    static MeterRegistry registry;

    @BeforeAll
    static void setUp() {
        twilio = fixture.twilio();
        client = fixture.client();
        failed = new FailedQueue(client);
        events = new Events(client);
        registry = fixture.worker().bean(MeterRegistry.class);
    }

    @Test
    void marketingAtItsCapIsHeldInTheBrokerUnpaidAndSentOnceWhenTheDayRollsOver() {
        String first = send("send.marketing", "marketing", "sale one", "+4791000101");
        await().atMost(WAIT).until(() -> events.has(first, "sent"));

        String held = send("send.marketing", "marketing", "sale two", "+4791000102");
        // Held, back from the broker, held again: it waits in the delay queue between the two.
        await().atMost(WAIT).until(() -> heldCount("marketing") >= 2);
        await().atMost(WAIT).until(() -> client.depth(HOLD_QUEUE) == 1);
        assertThat(twilio.callsWithBody("sale two")).as("no provider paid while held").isEmpty();
        assertThat(events.has(held, "failed") || events.has(held, "retrying")).as("neither failed nor retried").isFalse();
        assertThat(client.depth(Topology.FAILED_QUEUE)).as("not in sms.failed").isZero();

        clock.shift(Duration.ofDays(1));

        await().atMost(WAIT).until(() -> events.has(held, "sent"));
        assertThat(twilio.callsWithBody("sale two")).as("sent exactly once").hasSize(1);
        assertThat(events.of(held, "sent").getFirst().json()).as("no attempt spent while held").contains("\"attempt\":1");
        assertThat(client.depth(HOLD_QUEUE)).as("no copy left to send again").isZero();
        assertThat(client.depth(Topology.SEND_QUEUE)).isZero();
    }

    @Test
    void aHeldMessageThatExpiresFailsExpiredWithTheCapInTheReason() {
        String first = send("send.transactional", "transactional", "receipt one", "+4791000103");
        await().atMost(WAIT).until(() -> events.has(first, "sent"));

        String id = Requests.uniqueId();
        Instant expiresAt = clock.instant().plusSeconds(3);
        client.publish("send.transactional", "{\"messageId\":\"" + id + "\",\"to\":\"+4791000104\",\"body\":\"receipt two\","
                + "\"kind\":\"transactional\",\"expiresAt\":\"" + expiresAt + "\"}");

        GetResponse expired = failed.await(id, WAIT);
        assertThat(BrokerClient.header(expired, Headers.ERROR_CLASS)).isEqualTo("EXPIRED");
        assertThat(BrokerClient.header(expired, Headers.ERROR_CODE)).isEqualTo("spend-cap");
        assertThat(BrokerClient.header(expired, Headers.ERROR_MESSAGE)).contains("held").contains("transactional")
                .contains("cap");
        assertThat(BrokerClient.header(expired, Headers.HELD)).as("only a held copy says it is held").isNull();
        assertThat(heldCount("transactional")).isGreaterThanOrEqualTo(1);
        assertThat(twilio.callsWithBody("receipt two")).isEmpty();
        await().atMost(WAIT).until(() -> events.has(id, "failed"));
        assertThat(events.of(id, "failed").getFirst().json()).contains("\"errorClass\":\"EXPIRED\"", "\"errorCode\":\"spend-cap\"");
    }

    static double heldCount(String kind) {
        Counter counter = registry.find("sms.spend.held").tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    static String send(String routingKey, String kind, String body, String to) {
        String id = Requests.uniqueId();
        client.publish(routingKey, Requests.json(id, kind, body, to));
        return id;
    }
}
