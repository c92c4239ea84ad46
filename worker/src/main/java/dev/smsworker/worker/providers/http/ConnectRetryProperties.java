package dev.smsworker.worker.providers.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The in-process retry of a provider connection that failed before a byte of the request was written (nothing can
 * have reached the provider, so repeating it cannot send a second SMS). The names stay under {@code sms.retry}
 * where they have always been documented; the delay queues and OTP validity there are other features.
 *
 * @param connectAttempts attempts in all, the first included; below 1 counts as 1
 * @param connectBackoff  pause between those attempts
 */
@ConfigurationProperties("sms.retry")
public record ConnectRetryProperties(
        @DefaultValue("3") int connectAttempts,
        @DefaultValue("200ms") Duration connectBackoff) {
}
