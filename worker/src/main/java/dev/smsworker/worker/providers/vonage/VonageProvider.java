package dev.smsworker.worker.providers.vonage;

import dev.smsworker.worker.encoding.Segments;
import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.SmsProvider;
import dev.smsworker.worker.providers.http.HttpExchange;
import dev.smsworker.worker.providers.http.ProviderHttpClient;
import dev.smsworker.worker.providers.http.ProviderHttpClients;
import dev.smsworker.worker.providers.http.ProviderTimeouts;
import dev.smsworker.worker.providers.http.TransportFailures;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Vonage SMS API: {@code POST {base}/sms/json}, form-encoded, with {@code api_key} and
 * {@code api_secret} in the body (the API has no header auth). Our message id goes as
 * {@code client-ref}, which Vonage echoes in the answer and in delivery receipts.
 */
@Component
@ConditionalOnProperty(prefix = "sms.providers.vonage", name = "api-key")
class VonageProvider implements SmsProvider {

    private final VonageProperties properties;
    private final ProviderHttpClient http;
    private final VonageClassifier classifier;
    private final HttpUrl sendUrl;

    VonageProvider(VonageProperties properties, ProviderHttpClients clients, JsonMapper json) {
        if (properties.apiSecret() == null || properties.apiSecret().isBlank()) {
            throw new IllegalStateException("sms.providers.vonage.api-secret is required (SMS_PROVIDERS_VONAGE_API_SECRET)");
        }
        if (properties.from() == null || properties.from().isBlank()) {
            throw new IllegalStateException("sms.providers.vonage.from is required: Vonage has no default sender");
        }
        this.properties = properties;
        this.http = clients.forProvider(new ProviderTimeouts(
                properties.connectTimeout(), properties.readTimeout(), properties.callTimeout()));
        this.classifier = new VonageClassifier(json);
        this.sendUrl = HttpUrl.get(properties.baseUrl()).newBuilder().addPathSegments("sms/json").build();
    }

    @Override
    public String name() {
        return VonageClassifier.NAME;
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
        FormBody form = new FormBody.Builder()
                .add("api_key", properties.apiKey())
                .add("api_secret", properties.apiSecret())
                .add("from", sender(sms.from() != null ? sms.from() : properties.from()))
                // The spec wants digits only (pattern \d{7,15}); our numbers are E.164 with a '+'.
                .add("to", sms.to().substring(1))
                .add("text", sms.body())
                // Text outside the GSM alphabet arrives garbled unless sent as unicode (UCS-2).
                .add("type", Segments.of(sms.body()).encoding() == Segments.Encoding.GSM_7 ? "text" : "unicode")
                .add("client-ref", ClientRef.of(sms.messageId()))
                .build();
        return new Request.Builder()
                .url(sendUrl)
                .header("Accept", "application/json")
                .post(form)
                .build();
    }

    /** Vonage writes numbers without the '+' (E.164 digits); alphanumeric senders go as they are. */
    private static String sender(String from) {
        return from.matches("\\+\\d+") ? from.substring(1) : from;
    }
}
