package dev.smsworker.worker.providers.linkmobility;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
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
 */
@ConfigurationProperties("sms.providers.linkmobility")
public record LinkMobilityProperties(
        @DefaultValue("https://wsx.sp247.net") String baseUrl,
        String username,
        String password,
        String platformId,
        String platformPartnerId,
        String source,
        @DefaultValue List<String> deliveryReportGates,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("15s") Duration callTimeout) {

    @Override
    public String toString() {
        return "LinkMobilityProperties[baseUrl=" + baseUrl + ", username=" + username + ", password=<hidden>, platformId="
                + platformId + ", platformPartnerId=" + platformPartnerId + ", source=" + source
                + ", deliveryReportGates=" + deliveryReportGates + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", callTimeout=" + callTimeout + "]";
    }
}
