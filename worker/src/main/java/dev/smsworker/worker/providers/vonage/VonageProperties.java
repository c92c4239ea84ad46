package dev.smsworker.worker.providers.vonage;

import dev.smsworker.worker.providers.http.ProviderTimeouts;
import dev.smsworker.worker.providers.http.Secret;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The Vonage (Nexmo) SMS API. Vonage is enabled when {@code api-key} is set; the secret comes from the
 * environment ({@code SMS_PROVIDERS_VONAGE_API_SECRET}) and is never logged.
 *
 * @param baseUrl   {@code https://rest.nexmo.com}; requests go to {@code {baseUrl}/sms/json}
 * @param apiKey    the account's API key
 * @param apiSecret the account's API secret, sent in the form body as Vonage requires
 * @param from      the default sender: a Vonage number or an alphanumeric id
 * @param timeouts  {@code connect-timeout}, {@code read-timeout}, {@code call-timeout}, bound at this prefix
 */
@ConfigurationProperties("sms.providers.vonage")
public record VonageProperties(
        @DefaultValue("https://rest.nexmo.com") String baseUrl,
        String apiKey,
        Secret apiSecret,
        String from,
        @Name("") @DefaultValue ProviderTimeouts timeouts) {
}
