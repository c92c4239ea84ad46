package dev.smsworker.worker.providers.generic;

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
import java.util.Map;

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

class GenericHttpProviderTest {

    static final String TOKEN = "gateway-secret-token";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @Test
    void postsOurJsonWithTheBearerTokenAndTheConfiguredHeaders() throws Exception {
        server.enqueue(json(202, "{\"id\":\"gw-1\"}"));

        provider(server.url("/send").toString(), "id").send(sms("msg-1"));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/send");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.getHeaders().get("X-Tenant")).isEqualTo("acme");
        assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo("msg-1");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = jsonBody(request);
        assertThat(body.get("messageId").asString()).isEqualTo("msg-1");
        assertThat(body.get("correlationId").asString()).isEqualTo("corr-1");
        assertThat(body.get("to").asString()).isEqualTo("+4791234567");
        assertThat(body.get("body").asString()).isEqualTo("Your code is 123456");
        assertThat(body.get("kind").asString()).isEqualTo("otp");
        assertThat(body.has("from")).isFalse();
        assertThat(body.has("callbackUrl")).isFalse();
    }

    @Test
    void theProviderIdIsReadFromTheConfiguredField() {
        server.enqueue(json(200, "{\"data\":{\"messageId\":\"gw-42\"}}"));

        assertThat(provider(server.url("/send").toString(), "data.messageId").send(sms("msg-1")))
                .isEqualTo(new SendResult.Sent("http", "gw-42"));
    }

    @Test
    void anAnswerWithoutTheFieldIsStillSent() {
        server.enqueue(new MockResponse.Builder().code(204).build());

        assertThat(provider(server.url("/send").toString(), "id").send(sms("msg-1")))
                .isEqualTo(new SendResult.Sent("http", null));
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
            "400, MessageFatal", "422, MessageFatal",
            // Issue 9: a status about the path is the endpoint's problem, never the message's.
            "404, ProviderFatal", "405, ProviderFatal", "410, ProviderFatal",
            "401, ProviderFatal", "403, ProviderFatal",
            "408, Retryable", "429, Retryable", "500, Retryable", "503, Retryable",
            "302, Retryable"})
    void statusesAreClassified(int status, String expected) {
        server.enqueue(json(status, "{\"error\":\"something\"}"));

        SendResult result = provider(server.url("/send").toString(), "id").send(sms("msg-1"));

        assertThat(result.getClass().getSimpleName()).isEqualTo(expected);
        assertThat(((SendResult.Failed) result).code()).isEqualTo(String.valueOf(status));
    }

    @Test
    void theMessagesExpiryGoesAsExpiresAt() throws Exception {
        server.enqueue(json(202, "{\"id\":\"gw-1\"}"));

        provider(server.url("/send").toString(), "id").send(smsValidFor("msg-1", Duration.ofMinutes(10)));

        assertThat(jsonBody(server.takeRequest()).get("expiresAt").asString()).isEqualTo("2026-11-30T06:10:00Z");
    }

    @Test
    void aMessageWithoutExpirySendsNoExpiresAt() throws Exception {
        server.enqueue(json(202, "{\"id\":\"gw-1\"}"));

        provider(server.url("/send").toString(), "id").send(sms("msg-1"));

        assertThat(jsonBody(server.takeRequest()).has("expiresAt")).isFalse();
    }

    /** The secrets themselves are checked for every provider in ProviderTransportTest; the header names stay readable. */
    @Test
    void theHeaderNamesArePrintedTheirValuesNot() {
        assertThat(properties("http://localhost/", "id").toString()).doesNotContain("acme").contains("X-Tenant");
    }

    @Test
    void withReceiptsOnTheCallbackUrlSaysWhereToPostTheReceipt() throws Exception {
        server.enqueue(json(202, "{\"id\":\"gw-1\"}"));

        new GenericHttpProvider(properties(server.url("/send").toString(), "id"), clients(), RECEIPTS_ON, JSON, CLOCK)
                .send(sms("msg-1"));

        assertThat(jsonBody(server.takeRequest()).get("callbackUrl").asString())
                .isEqualTo("https://dlr.example.com/receipts/http");
    }

    static GenericHttpProvider provider(String url, String providerIdField) {
        return new GenericHttpProvider(properties(url, providerIdField), clients(), ReceiptCallbacks.OFF, JSON, CLOCK);
    }

    static GenericHttpProperties properties(String url, String providerIdField) {
        return new GenericHttpProperties(url, new Secret(TOKEN), Map.of("X-Tenant", new Secret("acme")), providerIdField,
                TIMEOUTS);
    }
}
