package dev.smsworker.worker.receipts;

import dev.smsworker.worker.support.Events;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.WorkerFixture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Twilio status callbacks against the real worker and broker: the worker sends through a fake Twilio, the test
 * calls /receipts/twilio as Twilio would (signed with the auth token over the public URL), and watches sms.events.
 */
class ReceiptsIT {

    static final String PUBLIC_URL = "https://sms.example.com";
    static final String TOKEN = "test-secret-token"; // FakeTwilio's auth token, which signs the callbacks

    @RegisterExtension
    static WorkerFixture fixture = new WorkerFixture("receipts",
            "sms.receipts.enabled=true", "sms.receipts.port=0", "sms.receipts.address=127.0.0.1",
            "sms.receipts.public-url=" + PUBLIC_URL);

    static Events events;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void watch() {
        events = new Events(fixture.client());
    }

    @Test
    void aSignedDeliveredCallbackGivesADeliveredEvent() throws Exception {
        Sent sent = send("delivered");

        assertThat(callback(sent.sid(), "delivered", null, true)).isEqualTo(200);

        String delivered = await().atMost(Duration.ofSeconds(20)).until(() -> events.of(sent.id(), "delivered"), e -> !e.isEmpty())
                .getFirst().json();
        assertThat(delivered).contains("\"provider\":\"twilio\"", "\"providerMessageId\":\"" + sent.sid() + "\"",
                "\"providerStatus\":\"delivered\"", "\"sinceFirstAttemptMillis\":");
    }

    /** Issue 12: the worker tells Twilio where to call, with our id as ref, and Twilio's call to that URL is accepted. */
    @Test
    void eachSendNamesTheCallbackAndACallToItIsAcceptedWithItsRef() throws Exception {
        Sent sent = send("callback");

        String given = fixture.twilio().callsWithBody("callback " + sent.id()).getFirst().form().get("StatusCallback");
        assertThat(given).isEqualTo(PUBLIC_URL + "/receipts/twilio?ref=" + sent.id());
        assertThat(callback(sent.sid(), "delivered", null, true, "ref=" + sent.id())).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> events.has(sent.id(), "delivered"));
    }

    @Test
    void anUndeliveredCallbackGivesAnUndeliveredEventWithTheCarriersCode() throws Exception {
        Sent sent = send("unreachable");

        assertThat(callback(sent.sid(), "undelivered", "30003", true)).isEqualTo(200);

        String undelivered = await().atMost(Duration.ofSeconds(20)).until(() -> events.of(sent.id(), "undelivered"), e -> !e.isEmpty())
                .getFirst().json();
        assertThat(undelivered).contains("\"errorCode\":\"30003\"", "\"providerStatus\":\"undelivered\"");
        assertThat(events.has(sent.id(), "delivered")).isFalse();
    }

    @Test
    void aBadSignatureIsRefusedAndChangesNothing() throws Exception {
        Sent sent = send("forged");
        double stored = processed();

        assertThat(callback(sent.sid(), "delivered", null, false)).isEqualTo(403);
        // The real, later receipt is this message's first final status: the forged one was never stored.
        assertThat(callback(sent.sid(), "undelivered", "30005", true)).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> events.has(sent.id(), "undelivered"));
        assertThat(processed()).isEqualTo(stored + 1);
        assertThat(events.has(sent.id(), "delivered")).isFalse();
        assertThat(registry().get("sms.receipts").tag("provider", "twilio").tag("result", "rejected-signature")
                .counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void repeatedAndOutOfOrderCallbacksChangeNothing() throws Exception {
        Sent sent = send("repeated");
        double before = processed();

        for (String status : List.of("sent", "delivered", "delivered", "sent", "undelivered")) {
            assertThat(callback(sent.sid(), status, status.equals("undelivered") ? "30003" : null, true)).isEqualTo(200);
        }
        // A last message's delivery marks the end: receipts are processed one at a time, in order.
        Sent marker = send("marker");
        assertThat(callback(marker.sid(), "delivered", null, true)).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> events.has(marker.id(), "delivered"));
        assertThat(processed()).isEqualTo(before + 6);
        assertThat(events.of(sent.id(), "delivered")).hasSize(1);
        assertThat(events.has(sent.id(), "undelivered")).isFalse();
    }

    @Test
    void aReceiptForAnUnknownMessageIsStoredAndCountedWithoutAnEvent() throws Exception {
        double before = registry().find("sms.receipts.processed").tag("result", "unknown-message").counters().stream()
                .mapToDouble(Counter::count).sum();

        assertThat(callback("SM" + "0".repeat(32), "delivered", null, true)).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> registry().find("sms.receipts.processed").tag("result", "unknown-message")
                .counters().stream().mapToDouble(Counter::count).sum() > before);
    }

    @Test
    void aReceiptTheBrokerCannotStoreGets503SoTheProviderCallsAgain() throws Exception {
        Sent sent = send("unstorable");
        // sms.receipts unbound: the confirmed, mandatory publish comes back unroutable.
        fixture.broker().delete("/api/bindings/" + fixture.vhost() + "/e/sms.receipts/q/sms.receipts/~");
        try {
            assertThat(callback(sent.sid(), "delivered", null, true)).isEqualTo(503);
        } finally {
            fixture.client().bind("sms.receipts", "sms.receipts", "");
        }
        assertThat(registry().get("sms.receipts").tag("provider", "twilio").tag("result", "unavailable").counter().count())
                .isGreaterThanOrEqualTo(1);

        // Twilio's retry, once the broker takes it, is stored and reported.
        assertThat(callback(sent.sid(), "delivered", null, true)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> events.has(sent.id(), "delivered"));
    }

    record Sent(String id, String sid) {
    }

    private static Sent send(String label) {
        String id = Requests.uniqueId();
        fixture.client().publish("send.otp", Requests.json(id, "otp", label + " " + id));
        String sentEvent = await().atMost(Duration.ofSeconds(20)).until(() -> events.of(id, "sent"), e -> !e.isEmpty())
                .getFirst().json();
        Matcher sid = Pattern.compile("\"providerMessageId\":\"(SM[0-9a-f]+)\"").matcher(sentEvent);
        assertThat(sid.find()).as(sentEvent).isTrue();
        return new Sent(id, sid.group(1));
    }

    /** POSTs a status callback as Twilio does; {@code signed=false} signs it with the wrong token. */
    private static int callback(String sid, String status, String errorCode, boolean signed) throws Exception {
        return callback(sid, status, errorCode, signed, null);
    }

    /** @param query as Twilio calls it: the callback URL's query, signed with the rest of the URL */
    private static int callback(String sid, String status, String errorCode, boolean signed, String query) throws Exception {
        String path = "/receipts/twilio" + (query == null ? "" : "?" + query);
        Map<String, List<String>> form = new TreeMap<>();
        form.put("AccountSid", List.of("AC0123456789"));
        form.put("MessageSid", List.of(sid));
        form.put("MessageStatus", List.of(status));
        form.put("To", List.of(Requests.NUMBER));
        if (errorCode != null) {
            form.put("ErrorCode", List.of(errorCode));
        }
        String signature = TwilioSignature.of(signed ? TOKEN : "not-the-token", PUBLIC_URL + path, form);
        StringBuilder body = new StringBuilder();
        form.forEach((name, values) -> body.append(body.isEmpty() ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(values.getFirst(), StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.worker().bean(ReceiptsServer.class).port()
                        + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static MeterRegistry registry() {
        return fixture.worker().bean(MeterRegistry.class);
    }

    /** Every twilio receipt the consumer took from sms.receipts, whatever its effect. */
    private static double processed() {
        return registry().find("sms.receipts.processed").tag("provider", "twilio").counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
