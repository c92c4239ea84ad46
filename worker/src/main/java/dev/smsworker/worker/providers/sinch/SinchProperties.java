package dev.smsworker.worker.providers.sinch;

import dev.smsworker.worker.providers.http.ProviderTimeouts;
import dev.smsworker.worker.providers.http.Secret;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The Sinch SMS REST API (batches). Sinch is enabled when {@code service-plan-id} is set; the API token
 * comes from the environment ({@code SMS_PROVIDERS_SINCH_API_TOKEN}) and is never logged.
 *
 * @param region        the account's region: {@code us}, {@code eu}, {@code au}, {@code br}, {@code ca};
 *                      picks {@code https://{region}.sms.api.sinch.com}
 * @param baseUrl       overrides the regional URL (tests, proxies); empty to use {@code region}
 * @param servicePlanId the service plan the batches are sent under
 * @param apiToken      the service plan's API token (Bearer)
 * @param from          the default sender; empty to use the service plan's default originator
 * @param timeouts      {@code connect-timeout}, {@code read-timeout}, {@code call-timeout}, bound at this prefix
 */
@ConfigurationProperties("sms.providers.sinch")
public record SinchProperties(
        @DefaultValue("us") String region,
        String baseUrl,
        String servicePlanId,
        Secret apiToken,
        String from,
        @Name("") @DefaultValue ProviderTimeouts timeouts) {

    /** The URL requests go to, {@code base-url} if set, else the region's. */
    public String effectiveBaseUrl() {
        if (baseUrl != null && !baseUrl.isBlank()) {
            return baseUrl;
        }
        // The region becomes part of a host name: letters only, so configuration can't point us elsewhere.
        if (region == null || !region.matches("[a-z]{2,8}")) {
            throw new IllegalStateException("sms.providers.sinch.region must be a Sinch region such as us or eu, was '" + region + "'");
        }
        return "https://" + region + ".sms.api.sinch.com";
    }
}
