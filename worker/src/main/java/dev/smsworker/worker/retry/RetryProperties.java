package dev.smsworker.worker.retry;

import dev.smsworker.contracts.Validity;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * The delay queues and the OTP validity. {@code sms.retry.connect-attempts} and {@code connect-backoff} share the
 * prefix but belong to the HTTP client ({@code providers/http/ConnectRetryProperties}).
 *
 * @param delays              one delay queue per entry: attempt n that fails retryably comes back after the n-th delay
 * @param otpDefaultValidity  how long an OTP without {@code expiresAt} stays worth sending, from its first attempt
 *                            (the contract's {@link Validity} rule)
 */
@ConfigurationProperties("sms.retry")
@Validated
public record RetryProperties(
        @DefaultValue({"1m", "3m", "9m"}) @NotEmpty List<Duration> delays,
        @DefaultValue(Validity.OTP_DEFAULT_TEXT) Duration otpDefaultValidity) {
}
