package dev.smsworker.worker.providers.generic;

import dev.smsworker.worker.providers.SendResult;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static dev.smsworker.worker.providers.ProviderTestSupport.CALL_TIMEOUT;
import static dev.smsworker.worker.providers.ProviderTestSupport.CONNECT_BACKOFF;
import static dev.smsworker.worker.providers.ProviderTestSupport.CONNECT_TIMEOUT;
import static dev.smsworker.worker.providers.ProviderTestSupport.JSON;
import static dev.smsworker.worker.providers.ProviderTestSupport.READ_TIMEOUT;
import static dev.smsworker.worker.providers.ProviderTestSupport.answerAfterTheReadTimeout;
import static dev.smsworker.worker.providers.ProviderTestSupport.clients;
import static dev.smsworker.worker.providers.ProviderTestSupport.closedPort;
import static dev.smsworker.worker.providers.ProviderTestSupport.json;
import static dev.smsworker.worker.providers.ProviderTestSupport.jsonBody;
import static dev.smsworker.worker.providers.ProviderTestSupport.sms;
import static dev.smsworker.worker.providers.ProviderTestSupport.startLater;
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
    void aReadTimeoutAfterTheRequestWasWrittenIsRetryableAndNotRepeated() {
        server.enqueue(answerAfterTheReadTimeout());

        SendResult result = provider(server.url("/send").toString(), "id").send(sms("msg-1"));

        assertThat(result).isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.code()).isEqualTo("read-timeout"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsRetriedInProcessUntilTheEndpointAnswers() throws Exception {
        int port = closedPort();
        try (MockWebServer late = new MockWebServer()) {
            late.enqueue(json(200, "{\"id\":\"g1\"}"));
            startLater(late, port, CONNECT_BACKOFF.dividedBy(2));

            assertThat(provider("http://localhost:" + port + "/send", "id").send(sms("msg-1")))
                    .isEqualTo(new SendResult.Sent("http", "g1"));
            assertThat(late.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionRefusedOnEveryAttemptIsRetryable() {
        assertThat(provider("http://localhost:" + closedPort() + "/send", "id").send(sms("msg-1")))
                .isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.code()).isEqualTo("connect-failed"));
    }

    @Test
    void theTokenAndHeaderValuesAreNeverPrinted() {
        assertThat(properties("http://localhost/", "id").toString()).doesNotContain(TOKEN).doesNotContain("acme").contains("X-Tenant");
    }

    static GenericHttpProvider provider(String url, String providerIdField) {
        return new GenericHttpProvider(properties(url, providerIdField), clients(), JSON);
    }

    static GenericHttpProperties properties(String url, String providerIdField) {
        return new GenericHttpProperties(url, TOKEN, Map.of("X-Tenant", "acme"), providerIdField,
                CONNECT_TIMEOUT, READ_TIMEOUT, CALL_TIMEOUT);
    }
}
