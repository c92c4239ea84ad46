package dev.smsworker.worker.retry;

import dev.smsworker.contracts.Validity;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * @param delays              one delay queue per entry: attempt n that fails retryably comes back after the n-th delay
 * @param otpDefaultValidity  how long an OTP without {@code expiresAt} stays worth sending, from its first attempt
 *                            (the contract's {@link Validity} rule)
 * @param connectAttempts     in-process attempts when a provider connection fails before the request is written
 * @param connectBackoff      pause between those attempts
 */
@ConfigurationProperties("sms.retry")
@Validated
public record RetryProperties(
        @DefaultValue({"1m", "3m", "9m"}) @NotEmpty List<Duration> delays,
        @DefaultValue(Validity.OTP_DEFAULT_TEXT) Duration otpDefaultValidity,
        @DefaultValue("3") int connectAttempts,
        @DefaultValue("200ms") Duration connectBackoff) {
}
