package dev.smsworker.worker.providers.vonage;

import dev.smsworker.worker.encoding.Segments;
import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.http.HttpSmsProvider;
import dev.smsworker.worker.providers.http.ProviderHttpClients;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import dev.smsworker.worker.providers.http.Secret;
import dev.smsworker.worker.providers.http.ValidityLimits;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The Vonage SMS API: {@code POST {base}/sms/json}, form-encoded, with {@code api_key} and
 * {@code api_secret} in the body (the API has no header auth). Our message id goes as
 * {@code client-ref}, which Vonage echoes in the answer and in delivery receipts. With receipts on, each request
 * asks for a receipt ({@code status-report-req}) at our endpoint ({@code callback}, which overrides the dashboard's).
 */
@Component
@ConditionalOnProperty(prefix = "sms.providers.vonage", name = "api-key")
class VonageProvider extends HttpSmsProvider {

    /** {@code ttl}: milliseconds, "minimum: 20000, maximum: 604800000" (vonage-sms.yml, the send request). */
    static final ValidityLimits VALIDITY = new ValidityLimits(Duration.ofMillis(20_000), Duration.ofMillis(604_800_000));

    private final VonageProperties properties;
    private final HttpUrl sendUrl;
    private final String apiSecret;
    private final ReceiptCallbacks callbacks;

    VonageProvider(VonageProperties properties, ProviderHttpClients clients, ReceiptCallbacks callbacks, JsonMapper json,
                   Clock clock) {
        super(VonageClassifier.NAME, clients.forProvider(properties.timeouts()), new VonageClassifier(json)::classify, clock);
        this.apiSecret = Secret.require(properties.apiSecret(), "sms.providers.vonage.api-secret");
        if (properties.from() == null || properties.from().isBlank()) {
            throw new IllegalStateException("sms.providers.vonage.from is required: Vonage has no default sender");
        }
        this.properties = properties;
        this.sendUrl = HttpUrl.get(properties.baseUrl()).newBuilder().addPathSegments("sms/json").build();
        this.callbacks = callbacks;
    }

    @Override
    protected Request request(OutgoingSms sms, Instant now) {
        FormBody.Builder form = new FormBody.Builder()
                .add("api_key", properties.apiKey())
                .add("api_secret", apiSecret)
                .add("from", sender(sms.from() != null ? sms.from() : properties.from()))
                // The spec wants digits only (pattern \d{7,15}); our numbers are E.164 with a '+'.
                .add("to", sms.to().substring(1))
                .add("text", sms.body())
                // Text outside the GSM alphabet arrives garbled unless sent as unicode (UCS-2).
                .add("type", Segments.of(sms.body()).encoding() == Segments.Encoding.GSM_7 ? "text" : "unicode")
                .add("client-ref", ClientRef.of(sms.messageId()));
        VALIDITY.remaining(sms, now).ifPresent(left -> form.add("ttl", String.valueOf(left.toMillis())));
        // vonage-sms.yml: status-report-req is a boolean (default true), callback "overrides the webhook endpoint
        // you set in Dashboard"; both are sent so a dashboard setting can't silence our receipts.
        callbacks.forProvider(name()).ifPresent(url -> form.add("status-report-req", "true").add("callback", url.toString()));
        return new Request.Builder()
                .url(sendUrl)
                .header("Accept", "application/json")
                .post(form.build())
                .build();
    }

    /** Vonage writes numbers without the '+' (E.164 digits); alphanumeric senders go as they are. */
    private static String sender(String from) {
        return from.matches("\\+\\d+") ? from.substring(1) : from;
    }
}
