package dev.smsworker.worker.providers.generic;

import dev.smsworker.worker.providers.http.ProviderTimeouts;
import dev.smsworker.worker.providers.http.Secret;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

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
 * @param timeouts        {@code connect-timeout}, {@code read-timeout}, {@code call-timeout}, bound at this prefix
 */
@ConfigurationProperties("sms.providers.http")
public record GenericHttpProperties(
        String url,
        Secret bearerToken,
        @DefaultValue Map<String, Secret> headers,
        @DefaultValue("id") String providerIdField,
        @Name("") @DefaultValue ProviderTimeouts timeouts) {
}
