package dev.smsworker.worker.providers.twilio;

import dev.smsworker.worker.providers.OpenApiOperation;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import dev.smsworker.worker.providers.http.Secret;
import dev.smsworker.worker.providers.SendResult;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
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

/** Our CreateMessage requests against Twilio's OpenAPI description (provider-specs/twilio-create-message.json). */
class TwilioContractTest {

    static final OpenApiOperation CREATE_MESSAGE =
            OpenApiOperation.load("twilio-create-message.json", "/2010-04-01/Accounts/{AccountSid}/Messages.json", "POST");
    static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @Test
    void aSendWithOurSenderMatchesCreateMessage() throws Exception {
        server.enqueue(specExample());

        provider(null).send(sms("msg-1"));

        assertMatchesTheSpec(server.takeRequest());
    }

    /** The longest and the shortest validity we send are inside the spec's range. */
    @Test
    void aSendWithAValidityPeriodMatchesCreateMessage() throws Exception {
        server.enqueue(specExample());
        server.enqueue(specExample());

        provider(null).send(smsValidFor("msg-1", Duration.ofDays(30)));
        provider(null).send(smsValidFor("msg-2", Duration.ofSeconds(-5)));

        assertMatchesTheSpec(server.takeRequest());
        assertMatchesTheSpec(server.takeRequest());
    }

    @Test
    void aSendThroughAMessagingServiceMatchesCreateMessage() throws Exception {
        server.enqueue(specExample());

        provider("MG0123456789abcdef0123456789abcdef").send(smsFrom("msg-1", "ACME"));

        assertMatchesTheSpec(server.takeRequest());
    }

    @Test
    void theSpecsOwn201ExampleIsParsedAsSent() {
        server.enqueue(specExample());

        SendResult result = provider(null).send(sms("msg-1"));

        assertThat(result).isEqualTo(new SendResult.Sent("twilio", "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    }

    private static void assertMatchesTheSpec(RecordedRequest request) {
        CREATE_MESSAGE.assertPath(request);
        String contentType = CREATE_MESSAGE.assertContentType(request);
        assertThat(CREATE_MESSAGE.securitySchemes()).containsExactly("http/basic");
        assertThat(request.getHeaders().get("Authorization")).startsWith("Basic ");
        CREATE_MESSAGE.assertFields(contentType, form(request));
    }

    @SuppressWarnings("unchecked")
    private static mockwebserver3.MockResponse specExample() {
        Map<String, Object> post = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) CREATE_MESSAGE.spec()
                .get("paths")).get("/2010-04-01/Accounts/{AccountSid}/Messages.json")).get("post");
        Map<String, Object> created = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) post.get("responses")).get("201")).get("content")).get("application/json")).get("examples");
        Object example = ((Map<String, Object>) created.get("create")).get("value");
        return json(201, JsonMapper.builder().build().writeValueAsString(example));
    }

    private TwilioProvider provider(String messagingServiceSid) {
        return new TwilioProvider(new TwilioProperties(server.url("/").toString(), ACCOUNT, new Secret("token"), "+15005550006",
                messagingServiceSid, TIMEOUTS), clients(), ReceiptCallbacks.OFF, JSON, CLOCK);
    }
}
