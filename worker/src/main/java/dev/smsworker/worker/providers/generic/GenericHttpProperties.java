package dev.smsworker.worker.providers.generic;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * A provider behind any HTTP endpoint that takes our JSON (an in-house gateway, an aggregator's adapter).
 * Enabled when {@code url} is set; it is then named {@code http} in {@code sms.providers.order}.
 *
 * @param url             where each SMS is POSTed
 * @param bearerToken     sent as {@code Authorization: Bearer ...} when set; from the environment only
 * @param headers         extra headers on every request (values may be secrets: they are never logged)
 * @param providerIdField where the provider's message id is in a 2xx JSON answer, dotted for nesting
 *                        ({@code id}, {@code data.messageId}); absent is fine
 */
@ConfigurationProperties("sms.providers.http")
public record GenericHttpProperties(
        String url,
        String bearerToken,
        @DefaultValue Map<String, String> headers,
        @DefaultValue("id") String providerIdField,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("15s") Duration callTimeout) {

    @Override
    public String toString() {
        return "GenericHttpProperties[url=" + url + ", bearerToken=<hidden>, headers=" + headers.keySet()
                + " (values hidden), providerIdField=" + providerIdField + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", callTimeout=" + callTimeout + "]";
    }
}
