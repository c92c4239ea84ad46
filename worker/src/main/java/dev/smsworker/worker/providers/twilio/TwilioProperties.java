package dev.smsworker.worker.providers.twilio;

import dev.smsworker.worker.providers.http.ProviderTimeouts;
import dev.smsworker.worker.providers.http.Secret;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Twilio Programmable Messaging. Credentials come from configuration or the environment
 * ({@code SMS_PROVIDERS_TWILIO_AUTH_TOKEN}); they are never logged.
 *
 * @param accountSid          the account (AC...); Twilio is enabled when this is set
 * @param authToken           the account's auth token; from the environment only
 * @param from                the default sender: a Twilio number, short code or alphanumeric id
 * @param messagingServiceSid used instead of {@code from} when set (Twilio then picks the sender)
 * @param timeouts            {@code connect-timeout}, {@code read-timeout}, {@code call-timeout}, bound at this
 *                            prefix (the empty {@link Name} keeps the property names flat)
 */
@ConfigurationProperties("sms.providers.twilio")
public record TwilioProperties(
        @DefaultValue("https://api.twilio.com") String baseUrl,
        String accountSid,
        Secret authToken,
        String from,
        String messagingServiceSid,
        @Name("") @DefaultValue ProviderTimeouts timeouts) {
}
