package dev.smsworker.worker.receipts;

import dev.smsworker.worker.support.Events;
import dev.smsworker.worker.support.FakeHttpProvider;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.WorkerFixture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, "failover on delayed failure": Twilio accepts an OTP, then its signed status callback says
 * {@code undelivered} with a code another route may deliver (30003, unreachable handset): the worker sends the
 * message again through Vonage, once. A landline's receipt (30006) is not failed over and suppresses the number; a
 * message that expired before its receipt is not sent again. Real broker, providers faked over HTTP.
 */
class DelayedFailoverIT {

    static final String PUBLIC_URL = TwilioCallbacks.PUBLIC_URL;

    static final FakeHttpProvider vonage = new FakeHttpProvider();

    @RegisterExtension
    static WorkerFixture fixture = new WorkerFixture("failover", Stream.concat(Stream.of(vonage.asVonage()), Stream.of(
            "sms.providers.order=twilio,vonage",
            "sms.receipts.enabled=true", "sms.receipts.port=0", "sms.receipts.address=127.0.0.1",
            "sms.receipts.public-url=" + PUBLIC_URL,
            "sms.guard.suppression.enabled=true",
            "sms.retry.delays=8s,16s")).toArray(String[]::new));

    static Events events;

    @BeforeAll
    static void watch() {
        events = new Events(fixture.client());
        vonage.answer(call -> FakeHttpProvider.vonage("0"));
    }

    @AfterAll
    static void stopVonage() {
        vonage.close();
    }

    @Test
    void anUnreachableHandsetReportedByTwilioIsSentOnceThroughVonage() throws Exception {
        String id = Requests.uniqueId();
        String to = uniqueNumber();
        fixture.client().publish("send.otp", Requests.json(id, "otp", "failover-" + id, to));
        String sent = await().atMost(Duration.ofSeconds(30)).until(() -> events.of(id, "sent"), e -> !e.isEmpty())
                .getFirst().json();
        assertThat(sent).contains("\"provider\":\"twilio\"");

        assertThat(callback("SM" + "3".repeat(32), "undelivered", "30003", id)).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> events.of(id, "sent").size() == 2);
        List<Events.Seen> sends = events.of(id, "sent");
        assertThat(sends.get(1).json()).contains("\"provider\":\"vonage\"").contains("\"attempt\":2");
        Events.Seen undelivered = events.of(id, "undelivered").getFirst();
        assertThat(undelivered.json()).contains("\"provider\":\"twilio\"").contains("30003");
        assertThat(undelivered.nanos()).isLessThan(sends.get(1).nanos());
        assertThat(vonage.callsWith("failover-" + id)).hasSize(1);
        assertThat(fixture.twilio().callsWithBody("failover-" + id)).hasSize(1);

        // The same receipt again (Twilio retries callbacks) after the copy was sent: nothing more.
        double before = failovers("already-sent-again");
        assertThat(callback("SM" + "3".repeat(32), "undelivered", "30003", id)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> failovers("already-sent-again") > before);
        assertThat(vonage.callsWith("failover-" + id)).hasSize(1);
        assertThat(events.of(id, "sent")).hasSize(2);
        assertThat(events.has(id, "failed")).isFalse();
    }

    @Test
    void aLandlineIsNotFailedOverAndItsNumberIsSuppressed() throws Exception {
        String id = Requests.uniqueId();
        String to = uniqueNumber();
        fixture.client().publish("send.otp", Requests.json(id, "otp", "landline-" + id, to));
        await().atMost(Duration.ofSeconds(30)).until(() -> events.has(id, "sent"));
        double before = failovers("code-not-listed");

        assertThat(callback("SM" + "6".repeat(32), "undelivered", "30006", id)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> failovers("code-not-listed") > before);
        assertThat(vonage.callsWith("landline-" + id)).isEmpty();

        // The next code to that number is refused before any provider is paid.
        String next = Requests.uniqueId();
        fixture.client().publish("send.otp", Requests.json(next, "otp", "after-landline-" + next, to));
        String failed = await().atMost(Duration.ofSeconds(30)).until(() -> events.of(next, "failed"), e -> !e.isEmpty())
                .getFirst().json();
        assertThat(failed).contains("REFUSED").contains("suppressed");
        assertThat(fixture.twilio().callsWithBody("after-landline-" + next)).isEmpty();
    }

    @Test
    void aMessageThatExpiredBeforeItsReceiptIsNotSentAgain() throws Exception {
        String id = Requests.uniqueId();
        Instant expiresAt = Instant.now().plusSeconds(6);
        fixture.client().publish("send.otp", Requests.expiring(id, "otp", "expiring-" + id, expiresAt));
        await().atMost(Duration.ofSeconds(30)).until(() -> events.has(id, "sent"));
        double before = failovers("expired") + failovers("not-kept");

        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expiresAt));
        assertThat(callback("SM" + "7".repeat(32), "undelivered", "30003", id)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> failovers("expired") + failovers("not-kept") > before);
        assertThat(vonage.callsWith("expiring-" + id)).isEmpty();
        assertThat(events.of(id, "sent")).hasSize(1);
    }

    private static double failovers(String result) {
        MeterRegistry registry = fixture.worker().bean(MeterRegistry.class);
        return registry.find("sms.receipts.failover").tag("provider", "twilio").tag("result", result).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** A Norwegian mobile number of its own, so one test's suppression does not refuse another's messages. */
    private static String uniqueNumber() {
        return "+4792" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
    }

    private static int callback(String sid, String status, String errorCode, String ref) throws Exception {
        return TwilioCallbacks.post(fixture, sid, status, errorCode, ref);
    }
}
