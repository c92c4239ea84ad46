package dev.smsworker.worker.providers.twilio;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Twilio Programmable Messaging. Credentials come from configuration or the environment
 * ({@code SMS_PROVIDERS_TWILIO_AUTH_TOKEN}); they are never logged.
 *
 * @param accountSid          the account (AC...); Twilio is enabled when this is set
 * @param authToken           the account's auth token; from the environment only
 * @param from                the default sender: a Twilio number, short code or alphanumeric id
 * @param messagingServiceSid used instead of {@code from} when set (Twilio then picks the sender)
 */
@ConfigurationProperties("sms.providers.twilio")
public record TwilioProperties(
        @DefaultValue("https://api.twilio.com") String baseUrl,
        String accountSid,
        String authToken,
        String from,
        String messagingServiceSid,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("15s") Duration callTimeout) {

    @Override
    public String toString() {
        return "TwilioProperties[baseUrl=" + baseUrl + ", accountSid=" + accountSid + ", authToken=<hidden>, from=" + from
                + ", messagingServiceSid=" + messagingServiceSid + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", callTimeout=" + callTimeout + "]";
    }
}
