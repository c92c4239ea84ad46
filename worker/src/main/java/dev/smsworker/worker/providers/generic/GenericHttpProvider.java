package dev.smsworker.worker.providers.generic;

import com.fasterxml.jackson.annotation.JsonInclude;
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

/**
 * POSTs each SMS as JSON ({@code messageId, correlationId, to, body, from, kind}) to a configured URL,
 * with our message id also as {@code Idempotency-Key} for endpoints that deduplicate by it (percent-encoded
 * where it is not printable ASCII, see {@link HttpHeaderValues#encode}).
 */
@Component
@ConditionalOnProperty(prefix = "sms.providers.http", name = "url")
class GenericHttpProvider implements SmsProvider {

    private static final MediaType JSON = MediaType.get("application/json");

    private final GenericHttpProperties properties;
    private final ProviderHttpClient http;
    private final GenericHttpClassifier classifier;
    private final JsonMapper json;
    private final HttpUrl url;

    GenericHttpProvider(GenericHttpProperties properties, ProviderHttpClients clients, JsonMapper json) {
        this.properties = properties;
        this.http = clients.forProvider(new ProviderTimeouts(
                properties.connectTimeout(), properties.readTimeout(), properties.callTimeout()));
        this.classifier = new GenericHttpClassifier(json, properties.providerIdField());
        this.json = json;
        this.url = HttpUrl.get(properties.url());
        // Configured header values are checked once here: a bad one would otherwise fail every send.
        properties.headers().forEach((name, value) -> {
            HttpHeaderValues.requireValid("sms.providers.http.headers." + name, name);
            HttpHeaderValues.requireValid("sms.providers.http.headers." + name, value);
        });
        if (properties.bearerToken() != null) {
            HttpHeaderValues.requireValid("sms.providers.http.bearer-token", properties.bearerToken());
        }
    }

    @Override
    public String name() {
        return GenericHttpClassifier.NAME;
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        HttpExchange exchange = http.execute(request(sms));
        return switch (exchange) {
            case HttpExchange.Reply reply -> classifier.classify(reply);
            case HttpExchange.TransportFailure failure -> TransportFailures.retryable(name(), failure);
        };
    }

    private Request request(OutgoingSms sms) {
        Body body = new Body(sms.messageId(), sms.correlationId(), sms.to(), sms.body(), sms.from(),
                sms.kind() == null ? null : sms.kind().wireName());
        Request.Builder request = new Request.Builder()
                .url(url)
                .header("Accept", "application/json")
                // The message id comes from the publisher (an AMQP message-id may be any text): encoded, not trusted.
                .header("Idempotency-Key", HttpHeaderValues.encode(sms.messageId()));
        properties.headers().forEach(request::header);
        if (properties.bearerToken() != null && !properties.bearerToken().isBlank()) {
            request.header("Authorization", "Bearer " + properties.bearerToken());
        }
        return request.post(RequestBody.create(json.writeValueAsBytes(body), JSON)).build();
    }

    /** Our request, as the endpoint receives it; {@code from} is absent when the publisher set none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Body(String messageId, String correlationId, String to, String body, String from, String kind) {
    }
}
