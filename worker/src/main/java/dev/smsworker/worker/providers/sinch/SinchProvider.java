package dev.smsworker.worker.providers.sinch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.http.HttpHeaderValues;
import dev.smsworker.worker.providers.http.HttpSmsProvider;
import dev.smsworker.worker.providers.http.ProviderHttpClients;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import dev.smsworker.worker.providers.http.Secret;
import dev.smsworker.worker.providers.http.ValidityLimits;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Sinch's batches resource: {@code POST {base}/xms/v1/{service_plan_id}/batches}, JSON, Bearer token.
 * One recipient per batch; our message id goes as {@code client_reference}, which Sinch puts in
 * delivery reports and lets us search by. With receipts on, each batch asks for the final report of its recipient
 * ({@code delivery_report: per_recipient_final}) at our endpoint ({@code callback_url}, Basic credentials included).
 */
@Component
@ConditionalOnProperty(prefix = "sms.providers.sinch", name = "service-plan-id")
class SinchProvider extends HttpSmsProvider {

    private static final MediaType JSON = MediaType.get("application/json");
    static final String PER_RECIPIENT_FINAL = "per_recipient_final";

    /**
     * {@code expire_at}: an instant, "must be after send_at. Default and max is 3 days after send_at", in the form
     * {@code YYYY-MM-DDThh:mm:ss.SSSZ} (Sinch's batches reference; the same words in the official sinch-sdk-java's
     * batch request). Without {@code send_at} the batch is sent at once, so the range runs from now.
     */
    static final ValidityLimits VALIDITY = new ValidityLimits(Duration.ofSeconds(1), Duration.ofDays(3));
    /** The form of Sinch's own timestamps, ISO-8601 {@code YYYY-MM-DDThh:mm:ss.SSSZ}. */
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final SinchProperties properties;
    private final JsonMapper json;
    private final HttpUrl batchesUrl;
    private final String authorization;
    private final ReceiptCallbacks callbacks;

    SinchProvider(SinchProperties properties, ProviderHttpClients clients, ReceiptCallbacks callbacks, JsonMapper json,
                  Clock clock) {
        super(SinchClassifier.NAME, clients.forProvider(properties.timeouts()), new SinchClassifier(json)::classify, clock);
        String apiToken = Secret.require(properties.apiToken(), "sms.providers.sinch.api-token");
        this.properties = properties;
        this.json = json;
        this.batchesUrl = HttpUrl.get(properties.effectiveBaseUrl()).newBuilder()
                .addPathSegments("xms/v1")
                .addPathSegment(properties.servicePlanId())
                .addPathSegment("batches")
                .build();
        this.authorization = "Bearer " + HttpHeaderValues.requireValid("sms.providers.sinch.api-token", apiToken);
        this.callbacks = callbacks;
    }

    @Override
    protected Request request(OutgoingSms sms, Instant now) {
        String from = sms.from() != null ? sms.from() : blankToNull(properties.from());
        String expireAt = VALIDITY.remaining(sms, now).map(left -> INSTANT.format(now.plus(left))).orElse(null);
        String callbackUrl = callbacks.forProvider(name()).map(Object::toString).orElse(null);
        // per_recipient_final: one report per recipient, final statuses only (Delivered, Failed, Expired, ...),
        // which is all the worker acts on; "none", Sinch's default, would send nothing.
        Batch batch = new Batch(from, List.of(sms.to()), sms.body(), sms.messageId(), expireAt,
                callbackUrl == null ? null : PER_RECIPIENT_FINAL, callbackUrl);
        return new Request.Builder()
                .url(batchesUrl)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .post(RequestBody.create(json.writeValueAsBytes(batch), JSON))
                .build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The request body; without {@code from} Sinch uses the service plan's default originator, without
     * {@code expire_at} its default of three days, without {@code delivery_report} and {@code callback_url} (receipts
     * off) no report, or the service plan's callback URL.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Batch(String from, List<String> to, String body, @JsonProperty("client_reference") String clientReference,
                 @JsonProperty("expire_at") String expireAt, @JsonProperty("delivery_report") String deliveryReport,
                 @JsonProperty("callback_url") String callbackUrl) {
        /** The URL can hold the callback's Basic password: never in a log line. */
        @Override
        public String toString() {
            return "Batch[clientReference=" + clientReference + ", deliveryReport=" + deliveryReport + "]";
        }
    }
}
