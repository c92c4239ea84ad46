package dev.smsworker.worker.providers.vonage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The Vonage (Nexmo) SMS API. Vonage is enabled when {@code api-key} is set; the secret comes from the
 * environment ({@code SMS_PROVIDERS_VONAGE_API_SECRET}) and is never logged.
 *
 * @param baseUrl   {@code https://rest.nexmo.com}; requests go to {@code {baseUrl}/sms/json}
 * @param apiKey    the account's API key
 * @param apiSecret the account's API secret, sent in the form body as Vonage requires
 * @param from      the default sender: a Vonage number or an alphanumeric id
 */
@ConfigurationProperties("sms.providers.vonage")
public record VonageProperties(
        @DefaultValue("https://rest.nexmo.com") String baseUrl,
        String apiKey,
        String apiSecret,
        String from,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("15s") Duration callTimeout) {

    @Override
    public String toString() {
        return "VonageProperties[baseUrl=" + baseUrl + ", apiKey=" + apiKey + ", apiSecret=<hidden>, from=" + from
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", callTimeout=" + callTimeout + "]";
    }
}
