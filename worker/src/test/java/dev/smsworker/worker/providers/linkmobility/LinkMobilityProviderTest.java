package dev.smsworker.worker.providers.linkmobility;

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
import java.util.List;

import static dev.smsworker.worker.providers.ProviderTestSupport.CLOCK;
import static dev.smsworker.worker.providers.ProviderTestSupport.JSON;
import static dev.smsworker.worker.providers.ProviderTestSupport.RECEIPTS_ON;
import static dev.smsworker.worker.providers.ProviderTestSupport.TIMEOUTS;
import static dev.smsworker.worker.providers.ProviderTestSupport.basicAuth;
import static dev.smsworker.worker.providers.ProviderTestSupport.clients;
import static dev.smsworker.worker.providers.ProviderTestSupport.json;
import static dev.smsworker.worker.providers.ProviderTestSupport.jsonBody;
import static dev.smsworker.worker.providers.ProviderTestSupport.sms;
import static dev.smsworker.worker.providers.ProviderTestSupport.smsFrom;
import static dev.smsworker.worker.providers.ProviderTestSupport.smsValidFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * LINK publishes no machine-readable spec; field names, statuses and codes here are those of the PDF
 * "SMS REST API - MT and Delivery Reports" v1.18 (provider-specs/linkmobility-sms-rest-api-v1.18.pdf).
 */
class LinkMobilityProviderTest {

    static final String USER = "link-user";
    static final String PASSWORD = "link-secret-pw";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @Test
    void postsThePdfsSendRequestWithBasicAuthAndOurIdAsRefId() throws Exception {
        server.enqueue(queued("Dcshuhod0PMAAAFQ+/PbnR3x"));

        provider(server.url("/").toString(), List.of()).send(sms("msg-1"));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sms/send");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo(basicAuth(USER, PASSWORD));
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = jsonBody(request);
        // "Required" in the PDF: source and destination; destination keeps its leading '+'.
        assertThat(body.get("source").asString()).isEqualTo("ACME");
        assertThat(body.get("sourceTON").asString()).isEqualTo("ALPHANUMERIC");
        assertThat(body.get("destination").asString()).isEqualTo("+4791234567");
        assertThat(body.get("userData").asString()).isEqualTo("Your code is 123456");
        assertThat(body.get("platformId").asString()).isEqualTo("COMMON_API");
        assertThat(body.get("platformPartnerId").asString()).isEqualTo("4242");
        assertThat(body.get("refId").asString()).isEqualTo("msg-1");
        // Without gates the PDF says: set useDeliveryReport to false. ignoreResponse=false gets us the messageId.
        assertThat(body.get("useDeliveryReport").asBoolean()).isFalse();
        assertThat(body.has("deliveryReportGates")).isFalse();
        assertThat(body.get("ignoreResponse").asBoolean()).isFalse();
        assertThat(fieldNames(body)).isSubsetOf(PDF_SEND_FIELDS);
    }

    @Test
    void configuredGatesAskForDeliveryReports() throws Exception {
        server.enqueue(queued("X"));

        provider(server.url("/").toString(), List.of("gate-1")).send(sms("msg-1"));

        JsonNode body = jsonBody(server.takeRequest());
        assertThat(body.get("useDeliveryReport").asBoolean()).isTrue();
        assertThat(body.get("deliveryReportGates").get(0).asString()).isEqualTo("gate-1");
    }

    /** LINK's API has no per-send callback URL: the gate holds it, so receipts on changes nothing in the request. */
    @Test
    void withReceiptsOnTheGatesStillCarryTheReportsAndNoUrlIsSent() throws Exception {
        server.enqueue(queued("X"));

        new LinkMobilityProvider(properties(server.url("/").toString(), List.of("gate-1")), clients(), RECEIPTS_ON, JSON, CLOCK)
                .send(sms("msg-1"));

        JsonNode body = jsonBody(server.takeRequest());
        assertThat(body.get("useDeliveryReport").asBoolean()).isTrue();
        assertThat(body.get("deliveryReportGates").get(0).asString()).isEqualTo("gate-1");
        assertThat(fieldNames(body)).isSubsetOf(PDF_SEND_FIELDS);
    }

    @Test
    void aNumericSenderGetsTheMatchingTypeOfNumber() throws Exception {
        server.enqueue(queued("X"));
        server.enqueue(queued("Y"));

        provider(server.url("/").toString(), List.of()).send(smsFrom("msg-1", "+4712345678"));
        provider(server.url("/").toString(), List.of()).send(smsFrom("msg-2", "2333"));

        assertThat(jsonBody(server.takeRequest()).get("sourceTON").asString()).isEqualTo("MSISDN");
        assertThat(jsonBody(server.takeRequest()).get("sourceTON").asString()).isEqualTo("SHORTNUMBER");
    }

    @Test
    void theMessageIdOfTheAnswerIsTheProviderMessageId() {
        server.enqueue(queued("Dcshuhod0PMAAAFQ+/PbnR3x"));

        assertThat(provider(server.url("/").toString(), List.of()).send(sms("msg-1")))
                .isEqualTo(new SendResult.Sent("linkmobility", "Dcshuhod0PMAAAFQ+/PbnR3x"));
    }

    @Test
    void noContentIsSentWithAnUnknownId() {
        server.enqueue(new MockResponse.Builder().code(204).build());

        // We ask for an answer (ignoreResponse=false), so a 204 is LINK's success without the id we asked for.
        assertThat(provider(server.url("/").toString(), List.of()).send(sms("msg-1")))
                .isEqualTo(SendResult.Sent.ambiguous("linkmobility", null, "empty-body"));
    }

    @ParameterizedTest(name = "HTTP {0} code {1} -> {2}")
    @CsvSource({
            "401, 106100, ProviderFatal, 106100",  // invalid authentication
            "403, 106101, ProviderFatal, 106101",  // access denied
            "400, 106200, ProviderFatal, 106200",  // invalid platformId
            "400, 106201, ProviderFatal, 106201",  // invalid platformPartnerId
            "400, 106202, ProviderFatal, 106202",  // premium currency: we never send one, so the platform set-up
            "400, 106300, ProviderFatal, 106300",  // no gates available
            "400, 106301, ProviderFatal, 106301",  // gate unavailable
            "400, 106000, Retryable, 106000",      // unknown error at LINK
            "400, 106999, Retryable, 106999",      // not in the PDF: retryable, logged once
            "401, '', ProviderFatal, 401",         // "invalid login" without a body
            "400, '', ProviderFatal, 400",         // "invalid request" naming no field of the message
            "500, '', Retryable, 500"})
    void errorsAreClassifiedByThePdfsResultCodes(int status, String code, String expected, String shownCode) {
        server.enqueue(code.isEmpty()
                ? new MockResponse.Builder().code(status).build()
                : json(status, "{\"resultCode\":" + code + ",\"description\":\"Invalid authentication. Please check your username and password.\"}"));

        SendResult result = provider(server.url("/").toString(), List.of()).send(sms("msg-1"));

        assertThat(result.getClass().getSimpleName()).isEqualTo(expected);
        assertThat(((SendResult.Failed) result).code()).isEqualTo(shownCode);
    }

    @Test
    void theCodeIsAlsoFoundInAnErrorCodeField() {
        server.enqueue(json(401, "{\"errorCode\":\"106100\",\"description\":\"Invalid authentication\"}"));

        assertThat(provider(server.url("/").toString(), List.of()).send(sms("msg-1")))
                .isEqualTo(new SendResult.ProviderFatal("linkmobility", "106100", "invalid authentication (username or password)"));
    }

    @Test
    void theRemainingValidityGoesAsRelativeValidityTimeInMilliseconds() throws Exception {
        server.enqueue(queued("X"));

        provider(server.url("/").toString(), List.of()).send(smsValidFor("msg-1", Duration.ofMillis(600_250)));

        JsonNode body = jsonBody(server.takeRequest());
        assertThat(body.get("relativeValidityTime").asLong()).isEqualTo(600_250L);
        assertThat(fieldNames(body)).isSubsetOf(PDF_SEND_FIELDS);
    }

    @ParameterizedTest(name = "valid for {0} -> relativeValidityTime {1}")
    @CsvSource({
            "PT72H, 172800000", // LINK's default and the longest its absoluteValidityTime may be: 48 hours
            "-PT5S, 1000"})     // expired while on its way: a positive validity, one second
    void theValidityIsClampedToWhatLinkTakes(Duration validFor, long expected) throws Exception {
        server.enqueue(queued("X"));

        provider(server.url("/").toString(), List.of()).send(smsValidFor("msg-1", validFor));

        assertThat(jsonBody(server.takeRequest()).get("relativeValidityTime").asLong()).isEqualTo(expected);
    }

    @Test
    void aMessageWithoutExpirySendsNoValidity() throws Exception {
        server.enqueue(queued("X"));

        provider(server.url("/").toString(), List.of()).send(sms("msg-1"));

        JsonNode body = jsonBody(server.takeRequest());
        assertThat(body.has("relativeValidityTime")).isFalse();
        assertThat(body.has("absoluteValidityTime")).isFalse();
    }

    /** Every parameter of POST /sms/send in the PDF's table (pages 6-9). */
    static final List<String> PDF_SEND_FIELDS = List.of("source", "sourceTON", "destination", "destinationTON", "dcs",
            "userDataHeader", "userData", "useDeliveryReport", "deliveryReportGates", "relativeValidityTime",
            "absoluteValidityTime", "tariff", "currency", "vat", "age", "priority", "platformId", "platformPartnerId",
            "refId", "productDescription", "productCategory", "moReferenceId", "customParameters", "ignoreResponse");

    static List<String> fieldNames(JsonNode body) {
        return body.propertyNames().stream().toList();
    }

    static LinkMobilityProvider provider(String baseUrl, List<String> gates) {
        return new LinkMobilityProvider(properties(baseUrl, gates), clients(), ReceiptCallbacks.OFF, JSON, CLOCK);
    }

    static LinkMobilityProperties properties(String baseUrl, List<String> gates) {
        return new LinkMobilityProperties(baseUrl, USER, new Secret(PASSWORD), "COMMON_API", "4242", "ACME", gates, TIMEOUTS);
    }

    static MockResponse queued(String messageId) {
        return json(200, "{\"messageId\":\"" + messageId + "\",\"resultCode\":1005,\"description\":\"Queued\"}");
    }
}
