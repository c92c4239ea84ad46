package dev.smsworker.worker.providers.twilio;

import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.SmsProvider;
import dev.smsworker.worker.providers.http.HttpExchange;
import dev.smsworker.worker.providers.http.ProviderHttpClient;
import dev.smsworker.worker.providers.http.ProviderHttpClients;
import dev.smsworker.worker.providers.http.ProviderTimeouts;
import dev.smsworker.worker.providers.http.TransportFailures;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Twilio's Messages resource: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}, form-encoded,
 * basic auth. Twilio has no client-reference field, so our message id is not sent.
 */
@Component
@ConditionalOnProperty(prefix = "sms.providers.twilio", name = "account-sid")
class TwilioProvider implements SmsProvider {

    private final TwilioProperties properties;
    private final ProviderHttpClient http;
    private final TwilioClassifier classifier;
    private final HttpUrl messagesUrl;
    private final String credentials;

    TwilioProvider(TwilioProperties properties, ProviderHttpClients clients, JsonMapper json) {
        this.properties = properties;
        this.http = clients.forProvider(new ProviderTimeouts(
                properties.connectTimeout(), properties.readTimeout(), properties.callTimeout()));
        this.classifier = new TwilioClassifier(json);
        this.messagesUrl = HttpUrl.get(properties.baseUrl()).newBuilder()
                .addPathSegments("2010-04-01/Accounts")
                .addPathSegment(properties.accountSid())
                .addPathSegment("Messages.json")
                .build();
        this.credentials = Credentials.basic(properties.accountSid(), String.valueOf(properties.authToken()));
        if (blank(properties.authToken())) {
            throw new IllegalStateException("sms.providers.twilio.auth-token is required (SMS_PROVIDERS_TWILIO_AUTH_TOKEN)");
        }
        if (!usesMessagingService() && blank(properties.from())) {
            throw new IllegalStateException("sms.providers.twilio: set 'from' or 'messaging-service-sid'");
        }
    }

    @Override
    public String name() {
        return TwilioClassifier.NAME;
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        HttpExchange exchange = http.execute(request(sms));
        return switch (exchange) {
            case HttpExchange.Reply reply -> classifier.classify(reply, senderFromMessage(sms));
            case HttpExchange.TransportFailure failure -> TransportFailures.retryable(name(), failure);
        };
    }

    private Request request(OutgoingSms sms) {
        FormBody.Builder form = new FormBody.Builder().add("To", sms.to()).add("Body", sms.body());
        if (usesMessagingService()) {
            // Twilio picks the sender from the service's pool; a publisher's 'from' is not sent, since
            // Twilio rejects a From that is not in that pool.
            form.add("MessagingServiceSid", properties.messagingServiceSid());
        } else {
            form.add("From", sms.from() != null ? sms.from() : properties.from());
        }
        return new Request.Builder()
                .url(messagesUrl)
                .header("Authorization", credentials)
                .header("Accept", "application/json")
                .post(form.build())
                .build();
    }

    private boolean senderFromMessage(OutgoingSms sms) {
        return sms.from() != null && !usesMessagingService();
    }

    private boolean usesMessagingService() {
        return !blank(properties.messagingServiceSid());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
