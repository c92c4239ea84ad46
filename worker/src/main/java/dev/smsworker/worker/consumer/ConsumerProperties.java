package dev.smsworker.worker.consumer;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param prefetch         unacked messages the broker hands each consumer channel
 * @param maxInFlight      sends in progress at once, per lane (OTP, transactional+marketing, unrouted)
 * @param consumersPerLane consumer channels per lane
 * @param drainTimeout     on shutdown, how long in-flight sends may take to finish before their messages are handed back
 * @param requeueDelay     pause before handing back a message whose outcome could not be stored, so a
 *                         broker in trouble is not hammered in a tight loop
 */
@ConfigurationProperties("sms.consumer")
@Validated
public record ConsumerProperties(
        @DefaultValue("500") @Min(1) int prefetch,
        @DefaultValue("500") @Min(1) int maxInFlight,
        @DefaultValue("1") @Min(1) int consumersPerLane,
        @DefaultValue("30s") Duration drainTimeout,
        @DefaultValue("1s") Duration requeueDelay) {
}
