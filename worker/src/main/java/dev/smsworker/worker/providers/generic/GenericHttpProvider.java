package dev.smsworker.worker.providers.generic;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.http.HttpHeaderValues;
import dev.smsworker.worker.providers.http.HttpSmsProvider;
import dev.smsworker.worker.providers.http.ProviderHttpClients;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import dev.smsworker.worker.providers.http.Secret;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;

/**
 * POSTs each SMS as JSON ({@code messageId, correlationId, to, body, from, kind, expiresAt, callbackUrl}) to a configured URL,
 * with our message id also as {@code Idempotency-Key} for endpoints that deduplicate by it (percent-encoded
 * where it is not printable ASCII, see {@link HttpHeaderValues#encode}). With receipts on, {@code callbackUrl} says where
 * the gateway is to POST its receipts ({@code /receipts/http}, signed with {@code X-Sms-Signature}).
 */
@Component
@ConditionalOnProperty(prefix = "sms.providers.http", name = "url")
class GenericHttpProvider extends HttpSmsProvider {

    private static final MediaType JSON = MediaType.get("application/json");

    private final GenericHttpProperties properties;
    private final JsonMapper json;
    private final HttpUrl url;
    private final ReceiptCallbacks callbacks;

    GenericHttpProvider(GenericHttpProperties properties, ProviderHttpClients clients, ReceiptCallbacks callbacks,
                        JsonMapper json, Clock clock) {
        super(GenericHttpClassifier.NAME, clients.forProvider(properties.timeouts()), classifier(properties, json), clock);
        this.properties = properties;
        this.json = json;
        this.url = HttpUrl.get(properties.url());
        this.callbacks = callbacks;
        // Configured header values are checked once here: a bad one would otherwise fail every send.
        properties.headers().forEach((name, value) -> {
            HttpHeaderValues.requireValid("sms.providers.http.headers." + name, name);
            HttpHeaderValues.requireValid("sms.providers.http.headers." + name, value.value());
        });
        if (properties.bearerToken() != null) {
            HttpHeaderValues.requireValid("sms.providers.http.bearer-token", properties.bearerToken().value());
        }
    }

    private static Classifier classifier(GenericHttpProperties properties, JsonMapper json) {
        GenericHttpClassifier classifier = new GenericHttpClassifier(json, properties.providerIdField());
        // Our own endpoint: it has no configured sender of ours to refuse, so whose sender it was changes nothing.
        return (reply, senderFromMessage) -> classifier.classify(reply);
    }

    /** The message's own {@code expiresAt} goes as it is: our endpoint, no range to clamp to, so {@code now} is unused. */
    @Override
    protected Request request(OutgoingSms sms, Instant now) {
        Body body = new Body(sms.messageId(), sms.correlationId(), sms.to(), sms.body(), sms.from(),
                sms.kind() == null ? null : sms.kind().wireName(),
                // Instant.toString is ISO-8601 in UTC, whatever the mapper's date settings.
                sms.expiresAt() == null ? null : sms.expiresAt().toString(),
                callbacks.forProvider(name()).map(Object::toString).orElse(null));
        Request.Builder request = new Request.Builder()
                .url(url)
                .header("Accept", "application/json")
                // The message id comes from the publisher (an AMQP message-id may be any text): encoded, not trusted.
                .header("Idempotency-Key", HttpHeaderValues.encode(sms.messageId()));
        properties.headers().forEach((name, value) -> request.header(name, value.value()));
        if (!Secret.missing(properties.bearerToken())) {
            request.header("Authorization", "Bearer " + properties.bearerToken().value());
        }
        return request.post(RequestBody.create(json.writeValueAsBytes(body), JSON)).build();
    }

    /**
     * Our request, as the endpoint receives it; {@code from} is absent when the publisher set none,
     * {@code expiresAt} (an ISO-8601 instant, UTC) when the message has no expiry, {@code callbackUrl} (where to POST
     * the receipt, README "Delivery receipts") while receipts are off.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Body(String messageId, String correlationId, String to, String body, String from, String kind,
                String expiresAt, String callbackUrl) {
    }
}
