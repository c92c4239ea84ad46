package dev.smsworker.worker.providers.twilio;

import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import dev.smsworker.worker.providers.http.Secret;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static dev.smsworker.worker.providers.ProviderTestSupport.CLOCK;
import static dev.smsworker.worker.providers.ProviderTestSupport.JSON;
import static dev.smsworker.worker.providers.ProviderTestSupport.RECEIPTS_ON;
import static dev.smsworker.worker.providers.ProviderTestSupport.TIMEOUTS;
import static dev.smsworker.worker.providers.ProviderTestSupport.basicAuth;
import static dev.smsworker.worker.providers.ProviderTestSupport.clients;
import static dev.smsworker.worker.providers.ProviderTestSupport.form;
import static dev.smsworker.worker.providers.ProviderTestSupport.json;
import static dev.smsworker.worker.providers.ProviderTestSupport.sms;
import static dev.smsworker.worker.providers.ProviderTestSupport.smsFrom;
import static dev.smsworker.worker.providers.ProviderTestSupport.smsValidFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TwilioProviderTest {

    static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    static final String TOKEN = "twilio-secret-token";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @Test
    void postsTheFormWithBasicAuthToTheAccountsMessagesResource() throws Exception {
        server.enqueue(created("SM0123456789abcdef0123456789abcdef"));

        provider(server.url("/").toString(), null).send(sms("msg-1"));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo(basicAuth(ACCOUNT, TOKEN));
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(form(request)).containsExactly(
                java.util.Map.entry("To", "+4791234567"),
                java.util.Map.entry("Body", "Your code is 123456"),
                java.util.Map.entry("From", "+15005550006"));
    }

    @Test
    void aMessagingServiceReplacesFrom() throws Exception {
        server.enqueue(created("SM1"));

        provider(server.url("/").toString(), "MG0123456789abcdef0123456789abcdef").send(smsFrom("msg-1", "ACME"));

        assertThat(form(server.takeRequest()))
                .containsEntry("MessagingServiceSid", "MG0123456789abcdef0123456789abcdef")
                .doesNotContainKey("From");
    }

    @Test
    void theSidIsTheProviderMessageId() {
        server.enqueue(created("SM0123456789abcdef0123456789abcdef"));

        SendResult result = provider(server.url("/").toString(), null).send(sms("msg-1"));

        assertThat(result).isEqualTo(new SendResult.Sent("twilio", "SM0123456789abcdef0123456789abcdef"));
    }

    @ParameterizedTest(name = "HTTP {0}, code {1} -> {2}")
    @CsvSource({
            "400, 21211, MessageFatal",   // invalid To
            "400, 21610, MessageFatal",   // unsubscribed: no routing around an opt-out
            "400, 21617, MessageFatal",   // body too long
            "401, 20003, ProviderFatal",  // bad credentials
            "403, 20403, ProviderFatal",  // account suspended
            "400, 21408, ProviderFatal",  // geo permissions
            "400, 21606, ProviderFatal",  // our configured From is not a Twilio number
            "400, 21611, Retryable",      // sender queue full
            "429, 20429, Retryable",      // concurrency limit, never processed
            "503, 20500, Retryable",      // Twilio down
            "400, 29999, Retryable"})     // unknown code: retryable, logged once
    void errorCodesAreClassifiedByTheTable(int status, int code, String expected) {
        server.enqueue(error(status, code));

        SendResult result = provider(server.url("/").toString(), null).send(sms("msg-1"));

        assertThat(result.getClass().getSimpleName()).isEqualTo(expected);
        assertThat(((SendResult.Failed) result).code()).isEqualTo(String.valueOf(code));
    }

    @Test
    void aSenderTheMessageChoseIsTheMessagesFaultNotTheProviders() {
        server.enqueue(error(400, 21606));

        SendResult result = provider(server.url("/").toString(), null).send(smsFrom("msg-1", "+15005550009"));

        assertThat(result).isInstanceOf(SendResult.MessageFatal.class);
    }

    @Test
    void unauthorisedWithoutABodyIsProviderFatal() {
        server.enqueue(new MockResponse.Builder().code(401).build());

        assertThat(provider(server.url("/").toString(), null).send(sms("msg-1"))).isInstanceOf(SendResult.ProviderFatal.class);
    }

    @Test
    void theRemainingValidityGoesAsValidityPeriodInWholeSeconds() throws Exception {
        server.enqueue(created("SM1"));

        provider(server.url("/").toString(), null).send(smsValidFor("msg-1", Duration.ofMillis(90_900)));

        assertThat(form(server.takeRequest())).containsEntry("ValidityPeriod", "90");
    }

    @ParameterizedTest(name = "valid for {0} -> ValidityPeriod {1}")
    @CsvSource({
            "PT20H, 36000",    // Twilio's maximum, 10 hours
            "PT0.2S, 1",       // about to expire: Twilio's minimum
            "-PT5S, 1"})       // expired while on its way: still a value Twilio accepts
    void theValidityPeriodIsClampedToWhatTwilioAccepts(Duration validFor, String expected) throws Exception {
        server.enqueue(created("SM1"));

        provider(server.url("/").toString(), null).send(smsValidFor("msg-1", validFor));

        assertThat(form(server.takeRequest())).containsEntry("ValidityPeriod", expected);
    }

    @Test
    void aMessageWithoutExpirySendsNoValidityPeriod() throws Exception {
        server.enqueue(created("SM1"));

        provider(server.url("/").toString(), null).send(sms("msg-1"));

        assertThat(form(server.takeRequest())).doesNotContainKey("ValidityPeriod");
    }

    @Test
    void withReceiptsOnTheStatusCallbackCarriesOurMessageIdAsRef() throws Exception {
        server.enqueue(created("SM1"));

        withReceipts(server.url("/").toString(), RECEIPTS_ON).send(sms("msg-1"));

        assertThat(form(server.takeRequest()))
                .containsEntry("StatusCallback", "https://dlr.example.com/receipts/twilio?ref=msg-1");
    }

    /** The ref is read back by the receipt endpoint from the query Twilio signs: it must survive encoding. */
    @Test
    void aMessageIdWithQueryCharactersIsEncodedInTheRef() throws Exception {
        server.enqueue(created("SM1"));

        withReceipts(server.url("/").toString(), RECEIPTS_ON).send(sms("a+b c&ref=x#y"));

        HttpUrl callback = HttpUrl.get(form(server.takeRequest()).get("StatusCallback"));
        assertThat(callback.encodedPath()).isEqualTo("/receipts/twilio");
        assertThat(callback.queryParameterValues("ref")).containsExactly("a+b c&ref=x#y");
        assertThat(callback.encodedQuery()).doesNotContain("+");
    }

    @Test
    void withReceiptsOffNoStatusCallbackIsSent() throws Exception {
        server.enqueue(created("SM1"));

        provider(server.url("/").toString(), null).send(sms("msg-1"));

        assertThat(form(server.takeRequest())).doesNotContainKey("StatusCallback");
    }

    @Test
    void startUpFailsWithoutASenderOrMessagingService() {
        TwilioProperties noSender = new TwilioProperties("http://localhost/", ACCOUNT, new Secret(TOKEN), null, null, TIMEOUTS);

        assertThatThrownBy(() -> new TwilioProvider(noSender, clients(), ReceiptCallbacks.OFF, JSON, CLOCK))
                .hasMessageContaining("'from' or 'messaging-service-sid'");
    }

    static TwilioProvider provider(String baseUrl, String messagingServiceSid) {
        return new TwilioProvider(properties(baseUrl, messagingServiceSid), clients(), ReceiptCallbacks.OFF, JSON, CLOCK);
    }

    static TwilioProvider withReceipts(String baseUrl, ReceiptCallbacks callbacks) {
        return new TwilioProvider(properties(baseUrl, null), clients(), callbacks, JSON, CLOCK);
    }

    static TwilioProperties properties(String baseUrl, String messagingServiceSid) {
        return new TwilioProperties(baseUrl, ACCOUNT, new Secret(TOKEN), "+15005550006", messagingServiceSid, TIMEOUTS);
    }

    static MockResponse created(String sid) {
        return json(201, "{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"error_code\":null}");
    }

    static MockResponse error(int status, int code) {
        return json(status, "{\"code\":" + code + ",\"message\":\"The 'To' number +4791234567 is not valid.\","
                + "\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}");
    }
}
