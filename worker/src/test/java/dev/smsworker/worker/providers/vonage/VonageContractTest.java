package dev.smsworker.worker.providers.vonage;

import dev.smsworker.worker.providers.OpenApiOperation;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import dev.smsworker.worker.providers.http.Secret;
import dev.smsworker.worker.providers.SendResult;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.smsworker.worker.providers.ProviderTestSupport.CLOCK;
import static dev.smsworker.worker.providers.ProviderTestSupport.JSON;
import static dev.smsworker.worker.providers.ProviderTestSupport.TIMEOUTS;
import static dev.smsworker.worker.providers.ProviderTestSupport.clients;
import static dev.smsworker.worker.providers.ProviderTestSupport.form;
import static dev.smsworker.worker.providers.ProviderTestSupport.json;
import static dev.smsworker.worker.providers.ProviderTestSupport.sms;
import static dev.smsworker.worker.providers.ProviderTestSupport.smsFrom;
import static dev.smsworker.worker.providers.ProviderTestSupport.smsValidFor;
import static org.assertj.core.api.Assertions.assertThat;

/** Our requests and our reading of the answers against Vonage's OpenAPI description (provider-specs/vonage-sms-send.yml). */
@SuppressWarnings("unchecked")
class VonageContractTest {

    static final OpenApiOperation SEND = OpenApiOperation.load("vonage-sms-send.yml", "/{format}", "POST");

    @StartStop
    final MockWebServer server = new MockWebServer();

    @Test
    void aSendMatchesTheSendOperation() throws Exception {
        server.enqueue(fromSchemaExamples("SMS", "Message"));

        provider().send(sms("order-2026-04-14-customer-0000000000000042-reminder"));

        assertMatchesTheSpec(server.takeRequest());
    }

    /** The longest and the shortest validity we send are inside the spec's range. */
    @Test
    void aSendWithATtlMatchesTheSendOperation() throws Exception {
        server.enqueue(fromSchemaExamples("SMS", "Message"));
        server.enqueue(fromSchemaExamples("SMS", "Message"));

        provider().send(smsValidFor("msg-1", Duration.ofDays(30)));
        provider().send(smsValidFor("msg-2", Duration.ofSeconds(-5)));

        assertMatchesTheSpec(server.takeRequest());
        assertMatchesTheSpec(server.takeRequest());
    }

    @Test
    void aSendWithTheMessagesOwnNumericSenderMatchesTheSendOperation() throws Exception {
        server.enqueue(fromSchemaExamples("SMS", "Message"));

        provider().send(smsFrom("msg-1", "+4712345678"));

        assertMatchesTheSpec(server.takeRequest());
    }

    @Test
    void anAnswerBuiltFromTheSpecsMessageExamplesIsParsedAsSent() {
        server.enqueue(fromSchemaExamples("SMS", "Message"));

        assertThat(provider().send(sms("msg-1"))).isEqualTo(new SendResult.Sent("vonage", "0A0000000123ABCD1"));
    }

    @Test
    void anAnswerBuiltFromTheSpecsErrorExamplesIsClassified() {
        server.enqueue(fromSchemaExamples("Error", "ErrorMessage"));

        // The example is status "2", missing parameters: our request (issue 9: our configuration is never
        // the message's fault), so the next provider is tried.
        assertThat(provider().send(sms("msg-1"))).isInstanceOf(SendResult.ProviderFatal.class);
    }

    @Test
    void everyStatusCodeTheSpecListsIsInOurTable() {
        Map<Object, Object> errors = (Map<Object, Object>) SEND.spec().get("x-errors");

        List<String> codes = errors.keySet().stream().map(String::valueOf).toList();

        assertThat(VonageClassifier.TABLE.rows().keySet()).containsAll(codes);
    }

    private static void assertMatchesTheSpec(RecordedRequest request) {
        SEND.assertPath(request);
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sms/json"); // {format} = json: we parse JSON answers
        String contentType = SEND.assertContentType(request);
        // No security scheme: credentials are the api_key/api_secret form fields the schema requires.
        assertThat(SEND.securitySchemes()).isEmpty();
        assertThat(request.getHeaders().get("Authorization")).isNull();
        SEND.assertFields(contentType, form(request));
    }

    /** A JSON answer made of the schema's property examples: proves the field names we read are Vonage's. */
    private static mockwebserver3.MockResponse fromSchemaExamples(String envelope, String part) {
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) SEND.spec().get("components")).get("schemas");
        Map<String, Object> message = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) ((Map<String, Object>) schemas.get(part)).get("properties"))
                .forEach((name, property) -> message.put(name, property.get("example")));
        Map<String, Object> answer = new LinkedHashMap<>();
        Map<String, Map<String, Object>> envelopeProperties = (Map<String, Map<String, Object>>) ((Map<String, Object>) schemas.get(envelope)).get("properties");
        answer.put("message-count", envelopeProperties.get("message-count").get("example"));
        answer.put("messages", List.of(message));
        return json(200, JSON.writeValueAsString(answer));
    }

    private VonageProvider provider() {
        return new VonageProvider(new VonageProperties(server.url("/").toString(), "abcd1234", new Secret("abcdef0123456789"), "AcmeInc",
                TIMEOUTS), clients(), ReceiptCallbacks.OFF, JSON, CLOCK);
    }
}
