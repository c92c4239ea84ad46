package dev.smsworker.worker.providers.linkmobility;

import dev.smsworker.worker.providers.http.ProviderTimeouts;
import dev.smsworker.worker.providers.http.Secret;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

import java.util.List;

/**
 * LINK Mobility's "Common" SMS REST API (v1.18). LINK is enabled when {@code username} is set; the
 * password comes from the environment ({@code SMS_PROVIDERS_LINKMOBILITY_PASSWORD}) and is never logged.
 *
 * @param baseUrl             the URL LINK assigned to the account, without {@code /sms}: one of
 *                            {@code https://wsx.sp247.net}, {@code https://n-eu.linkmobility.io}, ...
 * @param platformId          given by LINK support
 * @param platformPartnerId   given by LINK support
 * @param source              the default sender: alphanumeric (2-11 characters), a short number, or +MSISDN
 * @param deliveryReportGates gate ids for delivery reports; empty means none are asked for
 * @param timeouts            {@code connect-timeout}, {@code read-timeout}, {@code call-timeout}, bound at this prefix
 */
@ConfigurationProperties("sms.providers.linkmobility")
public record LinkMobilityProperties(
        @DefaultValue("https://wsx.sp247.net") String baseUrl,
        String username,
        Secret password,
        String platformId,
        String platformPartnerId,
        String source,
        @DefaultValue List<String> deliveryReportGates,
        @Name("") @DefaultValue ProviderTimeouts timeouts) {
}
