package dev.smsworker.worker.providers.sinch;

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
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static dev.smsworker.worker.providers.ProviderTestSupport.CLOCK;
import static dev.smsworker.worker.providers.ProviderTestSupport.JSON;
import static dev.smsworker.worker.providers.ProviderTestSupport.RECEIPTS_ON;
import static dev.smsworker.worker.providers.ProviderTestSupport.TIMEOUTS;
import static dev.smsworker.worker.providers.ProviderTestSupport.clients;
import static dev.smsworker.worker.providers.ProviderTestSupport.json;
import static dev.smsworker.worker.providers.ProviderTestSupport.jsonBody;
import static dev.smsworker.worker.providers.ProviderTestSupport.sms;
import static dev.smsworker.worker.providers.ProviderTestSupport.smsValidFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SinchProviderTest {

    static final String PLAN = "a1b2c3d4e5f6";
    static final String TOKEN = "sinch-secret-token";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @Test
    void postsABatchWithABearerTokenAndOurIdAsClientReference() throws Exception {
        server.enqueue(created("01FC66621XXXXX119Z8PMV1QPQ"));

        provider(server.url("/").toString()).send(sms("msg-1"));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/xms/v1/" + PLAN + "/batches");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = jsonBody(request);
        assertThat(body.get("from").asString()).isEqualTo("+4712345678");
        assertThat(body.get("to").size()).isEqualTo(1);
        assertThat(body.get("to").get(0).asString()).isEqualTo("+4791234567");
        assertThat(body.get("body").asString()).isEqualTo("Your code is 123456");
        assertThat(body.get("client_reference").asString()).isEqualTo("msg-1");
    }

    @Test
    void theRegionPicksTheBaseUrl() {
        SinchProperties eu = new SinchProperties("eu", null, PLAN, new Secret(TOKEN), null, TIMEOUTS);
        assertThat(eu.effectiveBaseUrl()).isEqualTo("https://eu.sms.api.sinch.com");
    }

    @Test
    void aRegionThatIsNotAPlainNameIsRefused() {
        SinchProperties odd = new SinchProperties("evil.example.com/x", null, PLAN, new Secret(TOKEN), null, TIMEOUTS);
        assertThatThrownBy(odd::effectiveBaseUrl).hasMessageContaining("region");
    }

    @Test
    void theBatchIdIsTheProviderMessageId() {
        server.enqueue(created("01FC66621XXXXX119Z8PMV1QPQ"));

        assertThat(provider(server.url("/").toString()).send(sms("msg-1")))
                .isEqualTo(new SendResult.Sent("sinch", "01FC66621XXXXX119Z8PMV1QPQ"));
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @CsvSource({
            "400, syntax_invalid_parameter_format, MessageFatal, syntax_invalid_parameter_format",
            "400, syntax_constraint_violation, MessageFatal, syntax_constraint_violation",
            "400, syntax_invalid_json, ProviderFatal, syntax_invalid_json", // our JSON: no message does better
            "403, missing_callback_url, ProviderFatal, missing_callback_url",
            "401, '', ProviderFatal, 401",
            "404, '', ProviderFatal, 404",
            "429, '', Retryable, 429",
            "503, '', Retryable, 503",
            "400, some_new_code, Retryable, some_new_code"})
    void errorsAreClassifiedByStatusAndCode(int status, String code, String expected, String shownCode) {
        server.enqueue(code.isEmpty()
                ? new MockResponse.Builder().code(status).build()
                : json(status, "{\"code\":\"" + code + "\",\"text\":\"The format of parameter 'to[0]' is invalid; value '+1' is not a valid MSISDN or group ID.\"}"));

        SendResult result = provider(server.url("/").toString()).send(sms("msg-1"));

        assertThat(result.getClass().getSimpleName()).isEqualTo(expected);
        assertThat(((SendResult.Failed) result).code()).isEqualTo(shownCode);
    }

    /**
     * Issue 9: with no sender configured, the request carries no 'from' (the service plan's default
     * originator); Sinch rejecting 'from' was message-fatal, and every message on the route failed.
     */
    @Test
    void aRejectedSenderWeDidNotChooseFailsOverInsteadOfFailingTheMessage() throws Exception {
        server.enqueue(json(400, "{\"code\":\"syntax_invalid_parameter_format\",\"text\":\"The format of parameter 'from' is invalid\"}"));
        SinchProperties noSender = new SinchProperties("us", server.url("/").toString(), PLAN, new Secret(TOKEN), "", TIMEOUTS);

        SendResult result = new SinchProvider(noSender, clients(), ReceiptCallbacks.OFF, JSON, CLOCK).send(sms("msg-1"));

        assertThat(jsonBody(server.takeRequest()).has("from")).isFalse();
        assertThat(result).isInstanceOfSatisfying(SendResult.ProviderFatal.class,
                r -> assertThat(r.code()).isEqualTo("syntax_invalid_parameter_format"));
    }

    @Test
    void theRemainingValidityGoesAsExpireAt() throws Exception {
        server.enqueue(created("B1"));

        provider(server.url("/").toString()).send(smsValidFor("msg-1", Duration.ofMinutes(10)));

        assertThat(jsonBody(server.takeRequest()).get("expire_at").asString()).isEqualTo("2026-11-30T06:10:00.000Z");
    }

    @ParameterizedTest(name = "valid for {0} -> expire_at {1}")
    @CsvSource({
            "P5D, 2026-12-03T06:00:00.000Z",    // Sinch's maximum: three days after sending
            "-PT5S, 2026-11-30T06:00:01.000Z"}) // expired while on its way: still after send_at, as Sinch requires
    void expireAtIsClampedToWhatSinchAccepts(Duration validFor, String expected) throws Exception {
        server.enqueue(created("B1"));

        provider(server.url("/").toString()).send(smsValidFor("msg-1", validFor));

        assertThat(jsonBody(server.takeRequest()).get("expire_at").asString()).isEqualTo(expected);
    }

    @Test
    void aMessageWithoutExpirySendsNoExpireAt() throws Exception {
        server.enqueue(created("B1"));

        provider(server.url("/").toString()).send(sms("msg-1"));

        assertThat(jsonBody(server.takeRequest()).has("expire_at")).isFalse();
    }

    /** Sinch authenticates its callback only by the Basic credentials in the URL it was given. */
    @Test
    void withReceiptsOnEachBatchAsksForTheFinalReportAtOurEndpoint() throws Exception {
        server.enqueue(created("B1"));

        new SinchProvider(properties(server.url("/").toString()), clients(), RECEIPTS_ON, JSON, CLOCK).send(sms("msg-1"));

        JsonNode body = jsonBody(server.takeRequest());
        assertThat(body.get("delivery_report").asString()).isEqualTo("per_recipient_final");
        assertThat(body.get("callback_url").asString()).isEqualTo("https://sinch-user:sinch-pass@dlr.example.com/receipts/sinch");
        assertThat(body.get("client_reference").asString()).isEqualTo("msg-1");
    }

    @Test
    void withReceiptsOffNoReportIsAskedFor() throws Exception {
        server.enqueue(created("B1"));

        provider(server.url("/").toString()).send(sms("msg-1"));

        JsonNode body = jsonBody(server.takeRequest());
        assertThat(body.has("delivery_report")).isFalse();
        assertThat(body.has("callback_url")).isFalse();
    }

    static SinchProvider provider(String baseUrl) {
        return new SinchProvider(properties(baseUrl), clients(), ReceiptCallbacks.OFF, JSON, CLOCK);
    }

    static SinchProperties properties(String baseUrl) {
        return new SinchProperties("us", baseUrl, PLAN, new Secret(TOKEN), "+4712345678", TIMEOUTS);
    }

    static MockResponse created(String id) {
        return json(201, "{\"id\":\"" + id + "\",\"to\":[\"+4791234567\"],\"from\":\"+4712345678\",\"canceled\":false,"
                + "\"body\":\"Your code is 123456\",\"type\":\"mt_text\",\"created_at\":\"2026-04-14T10:00:00.000Z\","
                + "\"modified_at\":\"2026-04-14T10:00:00.000Z\",\"client_reference\":\"msg-1\"}");
    }
}
