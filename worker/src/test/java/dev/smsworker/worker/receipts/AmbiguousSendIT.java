package dev.smsworker.worker.receipts;

import dev.smsworker.worker.support.Events;
import dev.smsworker.worker.support.FakeHttpProvider;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.WorkerFixture;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, "no blind failover on an ambiguous send": Twilio takes the request and never answers (read timeout after
 * the write), the message waits in a delay queue for Twilio's receipt instead of going to Vonage, and a signed
 * {@code delivered} callback settles it: Vonage is never called.
 */
class AmbiguousSendIT {

    static final String PUBLIC_URL = TwilioCallbacks.PUBLIC_URL;

    static final FakeHttpProvider vonage = new FakeHttpProvider();

    @RegisterExtension
    static WorkerFixture fixture = new WorkerFixture("ambiguous", Stream.concat(Stream.of(vonage.asVonage()), Stream.of(
            "sms.providers.order=twilio,vonage",
            "sms.receipts.enabled=true", "sms.receipts.port=0", "sms.receipts.address=127.0.0.1",
            "sms.receipts.public-url=" + PUBLIC_URL,
            // The wait is a delay tier: long enough for the test to call back before the message returns.
            "sms.retry.delays=8s,16s", "sms.receipts.ambiguous-wait=5s")).toArray(String[]::new));

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
    void anAmbiguousTwilioTimeoutThenADeliveredReceiptIsNeverSentByVonage() throws Exception {
        // Longer than the worker's 3 s read timeout: the request was written, no answer came.
        fixture.twilio().answer(call -> new MockResponse.Builder().code(201).body("{\"sid\":\"SMlate\",\"status\":\"queued\"}")
                .headersDelay(6, TimeUnit.SECONDS).build());
        String id = Requests.uniqueId();
        fixture.client().publish("send.otp", Requests.json(id, "otp", "ambiguous-" + id));

        // The retrying event comes after the delivery record was written (listener order): the receipt can find it.
        String retrying = await().atMost(Duration.ofSeconds(30)).until(() -> events.of(id, "retrying"), e -> !e.isEmpty())
                .getFirst().json();
        assertThat(retrying).contains("\"provider\":\"twilio\"");
        assertThat(callback("SM" + "1".repeat(32), "delivered", id)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> events.has(id, "delivered"));

        // Back from the delay queue: settled by the receipt, acked as already sent by Twilio.
        String sent = await().atMost(Duration.ofSeconds(60)).until(() -> events.of(id, "sent"), e -> !e.isEmpty())
                .getFirst().json();
        assertThat(sent).contains("\"provider\":\"twilio\"");
        assertThat(vonage.calls()).isEmpty();
        assertThat(fixture.twilio().callsWithBody("ambiguous-" + id)).hasSize(1);
        assertThat(events.has(id, "failed")).isFalse();
    }

    /**
     * Twilio reports {@code sent} and {@code delivered} while its HTTP answer is still on its way: the receipts find
     * no record yet, are kept by our id, and the ambiguous send recorded after the timeout adopts them.
     */
    @Test
    void receiptsThatComeBeforeTheTimeoutStillSettleTheAmbiguousSend() throws Exception {
        fixture.twilio().answer(call -> new MockResponse.Builder().code(201).body("{\"sid\":\"SMlate\",\"status\":\"queued\"}")
                .headersDelay(6, TimeUnit.SECONDS).build());
        String id = Requests.uniqueId();
        fixture.client().publish("send.otp", Requests.json(id, "otp", "early-" + id));

        await().atMost(Duration.ofSeconds(20)).until(() -> !fixture.twilio().callsWithBody("early-" + id).isEmpty());
        assertThat(callback("SM" + "2".repeat(32), "sent", id)).isEqualTo(200);
        assertThat(callback("SM" + "2".repeat(32), "delivered", id)).isEqualTo(200);

        String sent = await().atMost(Duration.ofSeconds(60)).until(() -> events.of(id, "sent"), e -> !e.isEmpty())
                .getFirst().json();
        assertThat(sent).contains("\"provider\":\"twilio\"");
        assertThat(events.has(id, "retrying")).isTrue();
        assertThat(vonage.calls()).isEmpty();
        assertThat(fixture.twilio().callsWithBody("early-" + id)).hasSize(1);
    }

    private static int callback(String sid, String status, String ref) throws Exception {
        return TwilioCallbacks.post(fixture, sid, status, null, ref);
    }
}
