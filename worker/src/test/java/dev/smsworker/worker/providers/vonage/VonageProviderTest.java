package dev.smsworker.worker.providers.vonage;

import dev.smsworker.contracts.Kind;
import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import dev.smsworker.worker.providers.http.Secret;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static dev.smsworker.worker.providers.ProviderTestSupport.CLOCK;
import static dev.smsworker.worker.providers.ProviderTestSupport.JSON;
import static dev.smsworker.worker.providers.ProviderTestSupport.RECEIPTS_ON;
import static dev.smsworker.worker.providers.ProviderTestSupport.TIMEOUTS;
import static dev.smsworker.worker.providers.ProviderTestSupport.clients;
import static dev.smsworker.worker.providers.ProviderTestSupport.form;
import static dev.smsworker.worker.providers.ProviderTestSupport.json;
import static dev.smsworker.worker.providers.ProviderTestSupport.sms;
import static dev.smsworker.worker.providers.ProviderTestSupport.smsFrom;
import static dev.smsworker.worker.providers.ProviderTestSupport.smsValidFor;
import static org.assertj.core.api.Assertions.assertThat;

class VonageProviderTest {

    static final String KEY = "abcd1234";
    static final String SECRET = "vonage-secret-42";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @Test
    void postsTheFormWithTheCredentialsInTheBodyAndOurIdAsClientRef() throws Exception {
        server.enqueue(accepted("0C000000217B7F02"));

        provider(server.url("/").toString()).send(sms("msg-1"));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sms/json");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(request.getHeaders().get("Authorization")).isNull();
        assertThat(form(request)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "api_key", KEY, "api_secret", SECRET, "from", "AcmeInc", "to", "4791234567",
                "text", "Your code is 123456", "type", "text", "client-ref", "msg-1"));
    }

    @Test
    void textOutsideTheGsmAlphabetGoesAsUnicode() throws Exception {
        server.enqueue(accepted("1"));

        provider(server.url("/").toString()).send(new OutgoingSms("msg-1", "c", "+4791234567", "Код 123456", null, Kind.OTP));

        assertThat(form(server.takeRequest())).containsEntry("type", "unicode");
    }

    @Test
    void aLongMessageIdIsCutTo40CharactersAndStaysDistinct() throws Exception {
        String longId = "order-2026-04-14-customer-0000000000000042-reminder";
        String similar = "order-2026-04-14-customer-0000000000000042-reminder-2";
        server.enqueue(accepted("1"));
        server.enqueue(accepted("2"));

        provider(server.url("/").toString()).send(sms(longId));
        provider(server.url("/").toString()).send(sms(similar));

        String first = form(server.takeRequest()).get("client-ref");
        String second = form(server.takeRequest()).get("client-ref");
        assertThat(first).hasSize(40).startsWith("order-2026-04-14-customer-00000").isNotEqualTo(second);
        assertThat(second).hasSize(40);
    }

    @Test
    void aNumericSenderLosesItsPlus() throws Exception {
        server.enqueue(accepted("1"));

        provider(server.url("/").toString()).send(smsFrom("msg-1", "+4712345678"));

        assertThat(form(server.takeRequest())).containsEntry("from", "4712345678");
    }

    @Test
    void theFirstPartsMessageIdIsTheProviderMessageId() {
        server.enqueue(json(200, "{\"message-count\":\"2\",\"messages\":["
                + part("0", "0C000000217B7F02") + "," + part("0", "0C000000217B7F03") + "]}"));

        assertThat(provider(server.url("/").toString()).send(sms("msg-1")))
                .isEqualTo(new SendResult.Sent("vonage", "0C000000217B7F02"));
    }

    @ParameterizedTest(name = "status {0} -> {1}")
    @CsvSource({
            "1, Retryable",      // throttled
            "2, ProviderFatal",  // missing parameters: we always send all five, so an empty configured value
            "3, ProviderFatal",  // invalid parameters, and "Some error" names no field the message chose
            "4, ProviderFatal",  // invalid credentials
            "5, Retryable",      // internal error
            "6, MessageFatal",   // unrecognised number prefix
            "7, MessageFatal",   // number barred
            "8, ProviderFatal",  // account suspended
            "9, ProviderFatal",  // out of credit
            "15, ProviderFatal", // our configured sender is not authorised
            "29, ProviderFatal", // demo account
            "33, MessageFatal",  // number de-activated
            "99, Retryable"})    // unknown: retryable, logged once
    void everyStatusIsClassifiedEvenThoughTheHttpStatusIs200(String status, String expected) {
        server.enqueue(json(200, "{\"message-count\":\"1\",\"messages\":[{\"status\":\"" + status
                + "\",\"error-text\":\"Some error\"}]}"));

        SendResult result = provider(server.url("/").toString()).send(sms("msg-1"));

        assertThat(result.getClass().getSimpleName()).isEqualTo(expected);
        assertThat(((SendResult.Failed) result).code()).isEqualTo(status);
    }

    @Test
    void oneRejectedPartFailsTheMessageAndSaysHowManyPartsWentOut() {
        server.enqueue(json(200, "{\"message-count\":\"2\",\"messages\":["
                + part("0", "0C000000217B7F02") + ",{\"status\":\"9\",\"error-text\":\"Quota Exceeded\"}]}"));

        SendResult result = provider(server.url("/").toString()).send(sms("msg-1"));

        assertThat(result).isInstanceOfSatisfying(SendResult.ProviderFatal.class, r -> {
            assertThat(r.code()).isEqualTo("9");
            assertThat(r.reason()).contains("1 of 2 parts accepted");
        });
    }

    @Test
    void aSenderTheMessageChoseIsTheMessagesFault() {
        server.enqueue(json(200, "{\"message-count\":\"1\",\"messages\":[{\"status\":\"15\",\"error-text\":\"Illegal Sender Address - rejected\"}]}"));

        assertThat(provider(server.url("/").toString()).send(smsFrom("msg-1", "OTHERBRAND")))
                .isInstanceOf(SendResult.MessageFatal.class);
    }

    @Test
    void anHttpErrorIsRetryable() {
        server.enqueue(json(503, "<html>unavailable</html>"));

        assertThat(provider(server.url("/").toString()).send(sms("msg-1"))).isInstanceOf(SendResult.Retryable.class);
    }

    @Test
    void theRemainingValidityGoesAsTtlInMilliseconds() throws Exception {
        server.enqueue(accepted("1"));

        provider(server.url("/").toString()).send(smsValidFor("msg-1", Duration.ofMillis(600_250)));

        assertThat(form(server.takeRequest())).containsEntry("ttl", "600250");
    }

    @ParameterizedTest(name = "valid for {0} -> ttl {1}")
    @CsvSource({
            "P8D, 604800000",  // the spec's maximum, 7 days
            "PT5S, 20000",     // the spec's minimum, 20 seconds
            "-PT5S, 20000"})   // expired while on its way: still a value Vonage accepts
    void theTtlIsClampedToWhatVonageAccepts(Duration validFor, String expected) throws Exception {
        server.enqueue(accepted("1"));

        provider(server.url("/").toString()).send(smsValidFor("msg-1", validFor));

        assertThat(form(server.takeRequest())).containsEntry("ttl", expected);
    }

    @Test
    void aMessageWithoutExpirySendsNoTtl() throws Exception {
        server.enqueue(accepted("1"));

        provider(server.url("/").toString()).send(sms("msg-1"));

        assertThat(form(server.takeRequest())).doesNotContainKey("ttl");
    }

    @Test
    void withReceiptsOnEachSendAsksForAReceiptAtOurEndpoint() throws Exception {
        server.enqueue(accepted("1"));

        new VonageProvider(properties(server.url("/").toString()), clients(), RECEIPTS_ON, JSON, CLOCK).send(sms("msg-1"));

        assertThat(form(server.takeRequest()))
                .containsEntry("status-report-req", "true")
                .containsEntry("callback", "https://dlr.example.com/receipts/vonage")
                .containsEntry("client-ref", "msg-1");
    }

    @Test
    void withReceiptsOffNoCallbackIsSent() throws Exception {
        server.enqueue(accepted("1"));

        provider(server.url("/").toString()).send(sms("msg-1"));

        assertThat(form(server.takeRequest())).doesNotContainKeys("status-report-req", "callback");
    }

    static VonageProvider provider(String baseUrl) {
        return new VonageProvider(properties(baseUrl), clients(), ReceiptCallbacks.OFF, JSON, CLOCK);
    }

    static VonageProperties properties(String baseUrl) {
        return new VonageProperties(baseUrl, KEY, new Secret(SECRET), "AcmeInc", TIMEOUTS);
    }

    static MockResponse accepted(String messageId) {
        return json(200, "{\"message-count\":\"1\",\"messages\":[" + part("0", messageId) + "]}");
    }

    static String part(String status, String messageId) {
        return "{\"to\":\"4791234567\",\"message-id\":\"" + messageId + "\",\"status\":\"" + status
                + "\",\"remaining-balance\":\"15.53590000\",\"message-price\":\"0.03330000\",\"network\":\"24201\"}";
    }
}
