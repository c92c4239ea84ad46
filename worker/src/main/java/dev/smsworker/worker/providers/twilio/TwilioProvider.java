package dev.smsworker.worker.providers.twilio;

import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.http.HttpSmsProvider;
import dev.smsworker.worker.providers.http.ProviderHttpClients;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import dev.smsworker.worker.providers.http.Secret;
import dev.smsworker.worker.providers.http.ValidityLimits;
import okhttp3.Credentials;
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
 * Twilio's Messages resource: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}, form-encoded,
 * basic auth. Twilio has no client-reference field; with receipts on, our message id rides in the
 * {@code StatusCallback} URL's {@code ref} parameter, which the receipt endpoint reads back.
 */
@Component
@ConditionalOnProperty(prefix = "sms.providers.twilio", name = "account-sid")
class TwilioProvider extends HttpSmsProvider {

    /**
     * {@code ValidityPeriod}: whole seconds, "integers from 1 to 36000" (twilio_api_v2010.json, CreateMessage).
     * It bounds the time in Twilio's queue; a queued message past it fails with 30036 instead of arriving late.
     */
    static final ValidityLimits VALIDITY = new ValidityLimits(Duration.ofSeconds(1), Duration.ofSeconds(36000));

    private final TwilioProperties properties;
    private final HttpUrl messagesUrl;
    private final String credentials;
    private final ReceiptCallbacks callbacks;

    TwilioProvider(TwilioProperties properties, ProviderHttpClients clients, ReceiptCallbacks callbacks, JsonMapper json,
                   Clock clock) {
        super(TwilioClassifier.NAME, clients.forProvider(properties.timeouts()), new TwilioClassifier(json)::classify, clock);
        String authToken = Secret.require(properties.authToken(), "sms.providers.twilio.auth-token");
        if (!usesMessagingService(properties) && blank(properties.from())) {
            throw new IllegalStateException("sms.providers.twilio: set 'from' or 'messaging-service-sid'");
        }
        this.properties = properties;
        this.messagesUrl = HttpUrl.get(properties.baseUrl()).newBuilder()
                .addPathSegments("2010-04-01/Accounts")
                .addPathSegment(properties.accountSid())
                .addPathSegment("Messages.json")
                .build();
        this.credentials = Credentials.basic(properties.accountSid(), authToken);
        this.callbacks = callbacks;
    }

    @Override
    protected Request request(OutgoingSms sms, Instant now) {
        FormBody.Builder form = new FormBody.Builder().add("To", sms.to()).add("Body", sms.body());
        if (usesMessagingService(properties)) {
            // Twilio picks the sender from the service's pool; a publisher's 'from' is not sent, since
            // Twilio rejects a From that is not in that pool.
            form.add("MessagingServiceSid", properties.messagingServiceSid());
        } else {
            form.add("From", sms.from() != null ? sms.from() : properties.from());
        }
        // Whole seconds, rounded down: a code must not be delivered after it stopped working.
        VALIDITY.remaining(sms, now).ifPresent(left -> form.add("ValidityPeriod", String.valueOf(left.toSeconds())));
        // Twilio signs the callback URL as given, query included, so the ref is as authentic as the receipt.
        callbacks.forProvider(name()).ifPresent(url -> form.add("StatusCallback",
                url.newBuilder().addQueryParameter("ref", sms.messageId()).build().toString()));
        return new Request.Builder()
                .url(messagesUrl)
                .header("Authorization", credentials)
                .header("Accept", "application/json")
                .post(form.build())
                .build();
    }

    /** With a messaging service the publisher's sender is not sent (see {@link #request}), so Twilio can't refuse it. */
    @Override
    protected boolean senderFromMessage(OutgoingSms sms) {
        return sms.from() != null && !usesMessagingService(properties);
    }

    private static boolean usesMessagingService(TwilioProperties properties) {
        return !blank(properties.messagingServiceSid());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
