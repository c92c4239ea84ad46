package dev.smsworker.worker.guard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What one SMS segment costs, per provider and destination country: {@code sms.pricing.per-segment.twilio.NO=0.0712},
 * with {@code sms.pricing.per-segment.twilio.default} for every other country. A provider without prices has no
 * cost (the {@code sent} event has no {@code estimatedCost}, spend caps don't count it).
 *
 * @param currency   the unit of every price, cap and {@code sms_cost_total}, e.g. {@code EUR}
 * @param perSegment provider name to region (or {@code default}) to price
 */
@ConfigurationProperties("sms.pricing")
public record PricingProperties(@DefaultValue("EUR") String currency,
                                @DefaultValue Map<String, Map<String, BigDecimal>> perSegment) {
}
