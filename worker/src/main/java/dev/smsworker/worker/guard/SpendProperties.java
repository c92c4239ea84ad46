package dev.smsworker.worker.guard;

import dev.smsworker.worker.pricing.PricingProperties;
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

    /**
     * @param daily the most a kind may cost per UTC day; once reached, the kind's messages are stopped as
     *              {@code atCap} says
     * @param atCap {@code refuse} (the default): a message of the kind at its cap goes to {@code sms.failed} as
     *              {@code REFUSED} {@code spend-cap}; {@code hold}: it waits in the broker, without a provider call
     *              or a spent attempt, and is sent once the day rolls over (UTC) or the cap is raised, or fails
     *              {@code EXPIRED} if it expires first
     */
    public record Caps(BigDecimal daily, @DefaultValue("refuse") AtCap atCap) {
    }

    /** What becomes of a message of a kind that reached its cap ({@code sms.spend.caps.<kind>.at-cap}). */
    public enum AtCap { REFUSE, HOLD }
}
