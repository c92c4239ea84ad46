package dev.smsworker.worker.guard;

import dev.smsworker.contracts.SuppressedNumber;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The fraud and recipient guard, checked before any provider is paid. Maps are keyed by kind ({@code otp},
 * {@code transactional}, {@code marketing}); countries are libphonenumber's ISO regions ({@code NO}, {@code NG}).
 * Everything is off until configured. The store is the provider rate limits' one: memory, or Redis when
 * {@code sms.routing.rate-limits.store=redis} (same URI and timeout), so every worker shares the counts.
 *
 * @param mode        {@code enforce} (the default): a message a rule refuses ends in {@code sms.failed} as
 *                    {@code REFUSED}; {@code monitor}: it is counted ({@code sms_guard_refusals_total{mode="monitor"}})
 *                    and logged, and sent anyway; for trying rules on live traffic
 * @param countries   per kind, {@code allow} (only these regions) or {@code block} (all but these)
 * @param velocity    per kind, caps on first attempts to one country and to one number prefix
 * @param recipient   per kind, a cap per number such as {@code 3/10m} ({@link Rate})
 * @param supersede   kinds whose older message is refused ({@code superseded}) when it comes back from a delay
 *                    queue after a newer one to the same number arrived, e.g. {@code otp}
 * @param supersedeWindow how long the newest message per number and kind is remembered; longer than the longest
 *                    retry delay
 * @param suppression the numbers providers said opted out, are landlines or do not exist
 * @param keyPrefix   put before every guard key in Redis
 * @param maxEntries  bound of each in-memory table (least recently used dropped first)
 */
@ConfigurationProperties("sms.guard")
public record GuardProperties(
        @DefaultValue("enforce") Mode mode,
        @DefaultValue Map<String, Countries> countries,
        @DefaultValue Map<String, Velocity> velocity,
        @DefaultValue Map<String, String> recipient,
        @DefaultValue List<String> supersede,
        @DefaultValue("1h") Duration supersedeWindow,
        @DefaultValue Suppression suppression,
        @DefaultValue(SuppressedNumber.DEFAULT_KEY_PREFIX) String keyPrefix,
        @DefaultValue("100000") int maxEntries) {

    public enum Mode { MONITOR, ENFORCE }

    /** Give one of the two; an allow list wins when both are given. */
    public record Countries(@DefaultValue List<String> allow, @DefaultValue List<String> block) {
    }

    /**
     * @param country       cap per destination country, e.g. {@code 50/1m}; empty: none
     * @param countries     a country's own cap instead of {@code country}, e.g. {@code countries.NG=5/1m}
     * @param prefix        cap per number prefix, e.g. {@code 20/1m}; empty: none
     * @param prefixDigits  digits of the E.164 number (country code included) that make its prefix
     */
    public record Velocity(@DefaultValue("") String country, @DefaultValue Map<String, String> countries,
                           @DefaultValue("") String prefix, @DefaultValue("6") int prefixDigits) {
    }

    /**
     * @param enabled whether numbers are learned from provider answers (Twilio 21610 opted out, 21614/21635
     *                not a mobile number, 21211 invalid) and later messages to them refused as {@code suppressed}
     * @param ttl     how long a number stays suppressed
     */
    public record Suppression(@DefaultValue("false") boolean enabled, @DefaultValue("30d") Duration ttl) {
    }
}
