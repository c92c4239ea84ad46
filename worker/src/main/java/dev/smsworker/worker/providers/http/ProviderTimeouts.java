package dev.smsworker.worker.providers.http;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Timeouts of one provider's HTTP calls, bound from that provider's own properties
 * ({@code sms.providers.<name>.connect-timeout}, {@code .read-timeout}, {@code .call-timeout}). A properties record
 * holds it as {@code @Name("") @DefaultValue ProviderTimeouts timeouts}: the empty name binds these components at
 * the record's own prefix, so the documented names stay flat ({@code ProviderPropertiesBindingTest} guards it).
 *
 * @param connectTimeout TCP and TLS set-up
 * @param readTimeout    between bytes of the answer (and of the request, as the write timeout)
 * @param callTimeout    the whole of one call; each in-process retry of a failed connect is a call of its own
 */
public record ProviderTimeouts(
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("15s") Duration callTimeout) {
}
