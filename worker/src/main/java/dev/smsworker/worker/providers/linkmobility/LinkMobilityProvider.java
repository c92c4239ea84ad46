package dev.smsworker.worker.providers.linkmobility;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.http.HttpSmsProvider;
import dev.smsworker.worker.providers.http.ProviderHttpClients;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import dev.smsworker.worker.providers.http.Secret;
import dev.smsworker.worker.providers.http.ValidityLimits;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * LINK Mobility: {@code POST {base}/sms/send}, JSON, basic auth. Our message id goes as {@code refId},
 * which LINK returns in delivery reports. The API has no per-send callback URL: a request names gates
 * ({@code deliveryReportGates}), and each gate, set up with LINK, holds the URL its reports go to
 * ({@code <sms.receipts.public-url>/receipts/linkmobility}). So with receipts on, the gates must be configured.
 */
@Component
@ConditionalOnProperty(prefix = "sms.providers.linkmobility", name = "username")
class LinkMobilityProvider extends HttpSmsProvider {

    private static final Logger log = LoggerFactory.getLogger(LinkMobilityProvider.class);
    private static final MediaType JSON = MediaType.get("application/json");

    /**
     * {@code relativeValidityTime}: milliseconds, "default is 48 hours (172800000)" (the PDF, v1.18, page 8). The
     * PDF states no range for it; 48 h is its default and the longest its {@code absoluteValidityTime} may be, so it
     * is our upper bound, and one second our lower (a positive validity).
     */
    static final ValidityLimits VALIDITY = new ValidityLimits(Duration.ofSeconds(1), Duration.ofHours(48));

    private final LinkMobilityProperties properties;
    private final JsonMapper json;
    private final HttpUrl sendUrl;
    private final String credentials;

    LinkMobilityProvider(LinkMobilityProperties properties, ProviderHttpClients clients, ReceiptCallbacks callbacks,
                         JsonMapper json, Clock clock) {
        super(LinkMobilityClassifier.NAME, clients.forProvider(properties.timeouts()), new LinkMobilityClassifier(json)::classify,
                clock);
        String password = Secret.require(properties.password(), "sms.providers.linkmobility.password");
        require(properties.platformId(), "platform-id");
        require(properties.platformPartnerId(), "platform-partner-id");
        require(properties.source(), "source");
        this.properties = properties;
        this.json = json;
        this.sendUrl = HttpUrl.get(properties.baseUrl()).newBuilder().addPathSegments("sms/send").build();
        this.credentials = Credentials.basic(properties.username(), password);
        if (callbacks.on() && properties.deliveryReportGates().isEmpty()) {
            // Not fatal: LINK still sends; only its receipts (and failover on them) are missing.
            log.warn("receipts are on but sms.providers.linkmobility.delivery-report-gates is empty: LINK sends no receipts");
        }
    }

    @Override
    protected Request request(OutgoingSms sms, Instant now) {
        String source = sms.from() != null ? sms.from() : properties.source();
        List<String> gates = properties.deliveryReportGates();
        SendRequest body = new SendRequest(source, sourceTon(source), sms.to(), sms.body(),
                properties.platformId(), properties.platformPartnerId(), sms.messageId(),
                // LINK defaults to asking for a delivery report, and then wants gates to send it to.
                !gates.isEmpty(), gates.isEmpty() ? null : gates,
                // LINK's default is no answer (204); we want the messageId for support and events.
                false,
                VALIDITY.remaining(sms, now).map(Duration::toMillis).orElse(null));
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

    /**
     * The PDF's field names; {@code destination} is an MSISDN with its leading '+'. Without
     * {@code relativeValidityTime} LINK keeps the message for its default 48 hours.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SendRequest(String source, String sourceTON, String destination, String userData,
                       String platformId, String platformPartnerId, String refId,
                       boolean useDeliveryReport, List<String> deliveryReportGates, boolean ignoreResponse,
                       Long relativeValidityTime) {
    }
}
