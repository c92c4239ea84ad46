package dev.smsworker.worker.routing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which providers a message goes to, and how each is protected. The most specific route wins:
 * prefix, then country, then kind, then {@code sms.providers.order}.
 *
 * @param prefixes       E.164 prefix (digits, {@code 4791}; or {@code [+4791]}) to provider order; the longest match wins
 * @param countries      ISO region ({@code NO}, {@code SE}; libphonenumber's region of the number) to provider order
 * @param kinds          {@code otp}, {@code transactional} or {@code marketing} to provider order
 * @param breaker        the circuit breaker every provider gets
 * @param rateLimits     provider name to messages per second ({@link #perSecond()}); providers not listed are not
 *                       limited. The keys {@code store} and {@code redis.*} beside them say where the permits
 *                       live ({@link RateLimitStoreProperties}); they are bound there, so the map takes text
 * @param rateLimitWait  how long a send waits for a rate-limit permit before it skips to the next provider;
 *                       a message that finds no permit at any provider of its route is held and tries again
 * @param otpReservedShare the share (0 to below 1) of each rate-limited provider's permits kept for OTPs, so a
 *                       marketing backlog can't delay a login code; either side borrows the other's idle permits
 * @param holdCheck      how often a held message (no provider of its route could be tried) looks again
 */
@ConfigurationProperties("sms.routing")
@Validated
record RoutingProperties(
        @DefaultValue Map<String, List<String>> prefixes,
        @DefaultValue Map<String, List<String>> countries,
        @DefaultValue Map<String, List<String>> kinds,
        @DefaultValue @Valid Breaker breaker,
        @DefaultValue Map<String, String> rateLimits,
        @DefaultValue("1s") Duration rateLimitWait,
        @DefaultValue("0.5") @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) double otpReservedShare,
        @DefaultValue("250ms") Duration holdCheck) {

    public RoutingProperties {
        perSecond(rateLimits);
    }

    /**
     * The provider rates of {@code sms.routing.rate-limits}, without the store settings.
     *
     * @throws IllegalArgumentException when a provider's rate is not a whole number of at least 1
     */
    public Map<String, Integer> perSecond() {
        return perSecond(rateLimits);
    }

    private static Map<String, Integer> perSecond(Map<String, String> rateLimits) {
        Map<String, Integer> rates = new LinkedHashMap<>();
        rateLimits.forEach((name, value) -> {
            if (name.equals("store") || name.startsWith("redis.") || name.equals("redis")) {
                return;
            }
            int perSecond;
            try {
                perSecond = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                perSecond = 0;
            }
            if (perSecond < 1) {
                throw new IllegalArgumentException("sms.routing.rate-limits." + name
                        + " must be a whole number of messages per second, at least 1: '" + value + "'");
            }
            rates.put(name, perSecond);
        });
        return rates;
    }

    /**
     * @param failureRateThreshold percentage of failed calls (retryable or provider-fatal) that opens the breaker
     * @param slidingWindow        how many of the latest calls the rate is computed over
     * @param minimumCalls         calls needed before the rate counts at all
     * @param openFor              the cool-down: how long an open breaker skips the provider before probing
     * @param halfOpenCalls        probe calls let through after the cool-down; their failure rate decides
     */
    public record Breaker(
            @DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
            @DefaultValue("20") @Min(1) int slidingWindow,
            @DefaultValue("10") @Min(1) int minimumCalls,
            @DefaultValue("30s") Duration openFor,
            @DefaultValue("3") @Min(1) int halfOpenCalls) {
    }
}
