package dev.smsworker.worker.feedback;

import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Topology;
import dev.smsworker.worker.support.Events;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.WorkerFixture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Conversion feedback against the real worker and broker: the worker sends through a fake Twilio (MockWebServer),
 * the test publishes {@code feedback.verified} as a login service would, and reads the worker's counters.
 */
class FeedbackIT {

    static final String SWEDISH_MOBILE = "+46701234567";

    @RegisterExtension
    static WorkerFixture fixture = new WorkerFixture("feedback", "sms.feedback.enabled=true");

    static Events events;

    @BeforeAll
    static void watch() {
        events = new Events(fixture.client());
    }

    @Test
    void feedbackForASentCodeCountsAConversionForItsProviderAndCountry() {
        double before = conversions("SE");
        String id = send(SWEDISH_MOBILE, "converts");

        verified(id);

        await().atMost(Duration.ofSeconds(20)).until(() -> conversions("SE") == before + 1);
        assertThat(registry().get("sms.time.to.conversion").tag("provider", "twilio").timer().count()).isPositive();
    }

    /** Publishers send feedback twice (a retry after a lost confirm): the second counts nothing. */
    @Test
    void duplicateFeedbackCountsOnce() {
        double before = conversions("NO");
        double duplicatesBefore = feedback("duplicate");
        String id = send(Requests.NUMBER, "twice");

        verified(id);
        verified(id);

        await().atMost(Duration.ofSeconds(20)).until(() -> feedback("duplicate") == duplicatesBefore + 1);
        assertThat(conversions("NO")).isEqualTo(before + 1);
    }

    @Test
    void feedbackForAMessageTheWorkerNeverSentIsCountedUnmatchedAndAcked() {
        double before = unmatched();

        verified(Requests.uniqueId());

        await().atMost(Duration.ofSeconds(20)).until(() -> unmatched() == before + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.client().depth(Topology.FEEDBACK_QUEUE) == 0);
    }

    /** Malformed feedback would read the same on every redelivery: acked, counted, never requeued nor sent anywhere. */
    @Test
    void malformedFeedbackIsAckedAndCountedAndReachesNoLane() {
        double before = feedback("malformed");
        int twilioCalls = fixture.twilio().calls().size();

        fixture.client().publish(Topology.FEEDBACK_ROUTING_KEY, "{\"messageId\":42,\"verifiedAt\":1764460800000}");
        fixture.client().publish(Topology.FEEDBACK_ROUTING_KEY, "not json");

        await().atMost(Duration.ofSeconds(20)).until(() -> feedback("malformed") == before + 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.client().depth(Topology.FEEDBACK_QUEUE) == 0);
        assertThat(fixture.client().depth(Topology.FAILED_QUEUE)).isZero();
        assertThat(fixture.twilio().calls()).hasSize(twilioCalls);
    }

    /** Sends an OTP and waits for its sent event, which the worker publishes after it recorded the send. */
    static String send(String to, String body) {
        String id = Requests.uniqueId();
        fixture.client().publish("send.otp", Requests.json(id, "otp", body + " " + id, to));
        await().atMost(Duration.ofSeconds(20)).until(() -> events.has(id, "sent"));
        return id;
    }

    static void verified(String messageId) {
        fixture.client().publish(Topology.FEEDBACK_ROUTING_KEY,
                "{\"messageId\":\"" + messageId + "\",\"verifiedAt\":\"" + Instant.now() + "\"}",
                Map.of(Headers.CORRELATION_ID, "login-" + messageId));
    }

    static double conversions(String country) {
        Counter counter = registry().find("sms.conversions").tag("provider", "twilio").tag("country", country)
                .tag("kind", "otp").counter();
        return counter == null ? 0 : counter.count();
    }

    static double unmatched() {
        Counter counter = registry().find("sms.conversions.unmatched").counter();
        return counter == null ? 0 : counter.count();
    }

    static double feedback(String result) {
        Counter counter = registry().find("sms.feedback").tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    static MeterRegistry registry() {
        return fixture.worker().bean(MeterRegistry.class);
    }
}
