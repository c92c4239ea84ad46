package dev.smsworker.worker.providers.sinch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.SmsProvider;
import dev.smsworker.worker.providers.http.HttpExchange;
import dev.smsworker.worker.providers.http.HttpHeaderValues;
import dev.smsworker.worker.providers.http.ProviderHttpClient;
import dev.smsworker.worker.providers.http.ProviderHttpClients;
import dev.smsworker.worker.providers.http.ProviderTimeouts;
import dev.smsworker.worker.providers.http.TransportFailures;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * Sinch's batches resource: {@code POST {base}/xms/v1/{service_plan_id}/batches}, JSON, Bearer token.
 * One recipient per batch; our message id goes as {@code client_reference}, which Sinch puts in
 * delivery reports and lets us search by.
 */
@Component
@ConditionalOnProperty(prefix = "sms.providers.sinch", name = "service-plan-id")
class SinchProvider implements SmsProvider {

    private static final MediaType JSON = MediaType.get("application/json");

    private final SinchProperties properties;
    private final ProviderHttpClient http;
    private final SinchClassifier classifier;
    private final JsonMapper json;
    private final HttpUrl batchesUrl;
    private final String authorization;

    SinchProvider(SinchProperties properties, ProviderHttpClients clients, JsonMapper json) {
        if (properties.apiToken() == null || properties.apiToken().isBlank()) {
            throw new IllegalStateException("sms.providers.sinch.api-token is required (SMS_PROVIDERS_SINCH_API_TOKEN)");
        }
        this.properties = properties;
        this.http = clients.forProvider(new ProviderTimeouts(
                properties.connectTimeout(), properties.readTimeout(), properties.callTimeout()));
        this.classifier = new SinchClassifier(json);
        this.json = json;
        this.batchesUrl = HttpUrl.get(properties.effectiveBaseUrl()).newBuilder()
                .addPathSegments("xms/v1")
                .addPathSegment(properties.servicePlanId())
                .addPathSegment("batches")
                .build();
        this.authorization = "Bearer " + HttpHeaderValues.requireValid("sms.providers.sinch.api-token", properties.apiToken());
    }

    @Override
    public String name() {
        return SinchClassifier.NAME;
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
        String from = sms.from() != null ? sms.from() : blankToNull(properties.from());
        Batch batch = new Batch(from, List.of(sms.to()), sms.body(), sms.messageId());
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

    /** The request body; without {@code from} Sinch uses the service plan's default originator. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Batch(String from, List<String> to, String body, @JsonProperty("client_reference") String clientReference) {
    }
}
