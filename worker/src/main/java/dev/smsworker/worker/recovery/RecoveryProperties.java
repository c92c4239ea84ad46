package dev.smsworker.worker.recovery;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param autoReplay     when a provider recovers after an outage, replay from {@code sms.failed} the messages that
 *                       ended EXHAUSTED during it and are still valid (off by default: ops may prefer to look first)
 * @param ratePerSecond  replays published per second, so a large outage does not come back as one burst
 * @param maxScan        messages read from {@code sms.failed} in one pass, at most
 * @param confirmTimeout how long a replayed copy waits for the broker's confirm before the pass stops
 */
@ConfigurationProperties("sms.recovery")
@Validated
record RecoveryProperties(
        @DefaultValue("false") boolean autoReplay,
        @DefaultValue("20") @Min(1) int ratePerSecond,
        @DefaultValue("10000") @Min(1) int maxScan,
        @DefaultValue("10s") Duration confirmTimeout) {
}
