package dev.smsworker.worker.consumer;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param prefetch         unacked messages the broker hands each consumer channel
 * @param maxInFlight      sends in progress at once, per lane (OTP, transactional+marketing, unrouted); 0
 *                         (the default) moves the bound with what the cores and the heap can take, between 32 and every
 *                         delivery the lane holds (prefetch x consumers-per-lane), see {@link InFlightRule}; a
 *                         value fixes it. Each lane has its own bound, so a marketing backlog never takes the
 *                         OTP lane's share
 * @param consumersPerLane consumer channels per lane
 * @param drainTimeout     on shutdown, how long in-flight sends may take to finish before their messages are handed back
 * @param requeueDelay     pause before handing back a message whose outcome could not be stored, so a
 *                         broker in trouble is not hammered in a tight loop
 */
@ConfigurationProperties("sms.consumer")
@Validated
record ConsumerProperties(
        @DefaultValue("1000") @Min(1) int prefetch,
        @DefaultValue("0") @Min(0) int maxInFlight,
        @DefaultValue("1") @Min(1) int consumersPerLane,
        @DefaultValue("30s") Duration drainTimeout,
        @DefaultValue("1s") Duration requeueDelay) {

    /**
     * The most sends in progress per lane. Unset, the ceiling of the adaptive bound is what the broker hands the
     * lane: a fixed bound below that left deliveries waiting in memory while a slow provider could take them (a
     * 200 ms provider with 500 in flight capped a worker at 2,500 msg/s), and a send in flight costs a parked
     * virtual thread, not a platform one (issue 16).
     */
    public int inFlightPerLane() {
        return maxInFlight > 0 ? maxInFlight : prefetch * consumersPerLane;
    }

    /**
     * Unset, the bound moves with what the cores can take, between {@link InFlightRule#FLOOR} and
     * {@link #inFlightPerLane()} ({@link InFlightRule}); set, it is fixed.
     */
    boolean adaptive() {
        return maxInFlight == 0;
    }
}
