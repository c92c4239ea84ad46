package dev.smsworker.worker.guard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Spend caps per kind, in {@code sms.pricing.currency}, counted from the price table ({@link PricingProperties})
 * on every sent message; shared through Redis when the guard's store is Redis.
 *
 * @param caps per kind ({@code otp}, {@code transactional}, {@code marketing}); a kind without a cap is never
 *             stopped, OTP included: cap it only on purpose ({@code sms.spend.caps.otp.daily})
 */
@ConfigurationProperties("sms.spend")
public record SpendProperties(@DefaultValue Map<String, Caps> caps) {

    /** @param daily the most a kind may cost per UTC day; once reached, the kind's messages are refused {@code spend-cap} */
    public record Caps(BigDecimal daily) {
    }
}
