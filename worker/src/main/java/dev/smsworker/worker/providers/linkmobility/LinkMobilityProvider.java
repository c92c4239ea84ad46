package dev.smsworker.worker.providers.linkmobility;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.SmsProvider;
import dev.smsworker.worker.providers.http.HttpExchange;
import dev.smsworker.worker.providers.http.ProviderHttpClient;
import dev.smsworker.worker.providers.http.ProviderHttpClients;
import dev.smsworker.worker.providers.http.ProviderTimeouts;
import dev.smsworker.worker.providers.http.TransportFailures;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * LINK Mobility: {@code POST {base}/sms/send}, JSON, basic auth. Our message id goes as {@code refId},
 * which LINK returns in delivery reports.
 */
@Component
@ConditionalOnProperty(prefix = "sms.providers.linkmobility", name = "username")
class LinkMobilityProvider implements SmsProvider {

    private static final MediaType JSON = MediaType.get("application/json");

    private final LinkMobilityProperties properties;
    private final ProviderHttpClient http;
    private final LinkMobilityClassifier classifier;
    private final JsonMapper json;
    private final HttpUrl sendUrl;
    private final String credentials;

    LinkMobilityProvider(LinkMobilityProperties properties, ProviderHttpClients clients, JsonMapper json) {
        require(properties.password(), "password (SMS_PROVIDERS_LINKMOBILITY_PASSWORD)");
        require(properties.platformId(), "platform-id");
        require(properties.platformPartnerId(), "platform-partner-id");
        require(properties.source(), "source");
        this.properties = properties;
        this.http = clients.forProvider(new ProviderTimeouts(
                properties.connectTimeout(), properties.readTimeout(), properties.callTimeout()));
        this.classifier = new LinkMobilityClassifier(json);
        this.json = json;
        this.sendUrl = HttpUrl.get(properties.baseUrl()).newBuilder().addPathSegments("sms/send").build();
        this.credentials = Credentials.basic(properties.username(), properties.password());
    }

    @Override
    public String name() {
        return LinkMobilityClassifier.NAME;
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        HttpExchange exchange = http.execute(request(sms));
        return switch (exchange) {
            case HttpExchange.Reply reply -> classifier.classify(reply, sms.from() != null);
            case HttpExchange.TransportFailure failure -> TransportFailures.retryable(name(), failure);
        };
    }

    private Request request(OutgoingSms sms) {
        String source = sms.from() != null ? sms.from() : properties.source();
        List<String> gates = properties.deliveryReportGates();
        SendRequest body = new SendRequest(source, sourceTon(source), sms.to(), sms.body(),
                properties.platformId(), properties.platformPartnerId(), sms.messageId(),
                // LINK defaults to asking for a delivery report, and then wants gates to send it to.
                !gates.isEmpty(), gates.isEmpty() ? null : gates,
                // LINK's default is no answer (204); we want the messageId for support and events.
                false);
        return new Request.Builder()
                .url(sendUrl)
                .header("Authorization", credentials)
                .header("Accept", "application/json")
                .post(RequestBody.create(json.writeValueAsBytes(body), JSON))
                .build();
    }

    /** The PDF's TON values: MSISDN starts with '+', a short number is digits, anything else alphanumeric. */
    static String sourceTon(String source) {
        if (source.matches("\\+\\d+")) {
            return "MSISDN";
        }
        return source.matches("\\d{1,14}") ? "SHORTNUMBER" : "ALPHANUMERIC";
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("sms.providers.linkmobility." + name + " is required");
        }
    }

    /** The PDF's field names; {@code destination} is an MSISDN with its leading '+'. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SendRequest(String source, String sourceTON, String destination, String userData,
                       String platformId, String platformPartnerId, String refId,
                       boolean useDeliveryReport, List<String> deliveryReportGates, boolean ignoreResponse) {
    }
}
