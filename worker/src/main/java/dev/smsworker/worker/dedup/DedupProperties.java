package dev.smsworker.worker.dedup;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The record of sent message ids that keeps a redelivered message from being sent twice, and the claims
 * that keep two deliveries of one id from being sent at the same time.
 *
 * @param store                  {@code memory} (this process only), {@code redis} (shared by every worker) or {@code none}
 * @param ttl                    how long a sent id is remembered; longer than any redelivery can take
 * @param maxEntries             the memory store's bound (about 84 bytes each, allocated at start); beyond it the
 *                               oldest ids are dropped, and are then no longer protected
 * @param claimTimeout           how long a claim (a send in progress) outlives its worker's last renewal: the
 *                               worker renews its claims every third of it while their sends are in progress,
 *                               so a killed worker's messages are free again this long after it died. Must
 *                               exceed the longest attempt (checked at start), so a claim never lapses during
 *                               a live provider call even when every renewal fails. Unset: the longest attempt
 *                               plus 10 s ({@code CallTimeBudget}; 55.4 s with one provider at the defaults)
 * @param claimWait              how long a delivery that finds its id claimed waits for that send to end; past
 *                               it the delivery is handed back to the broker and comes again
 * @param brokerConsumerTimeout  RabbitMQ's {@code consumer_timeout} (default 30 minutes): a delivery unacked
 *                               this long makes the broker close its channel; the longest call plus the claim
 *                               wait must stay below it (checked at start)
 */
@ConfigurationProperties("sms.dedup")
@Validated
public record DedupProperties(
        @DefaultValue("memory") Store store,
        @DefaultValue("24h") Duration ttl,
        @DefaultValue("200000") @Min(1) @Max(10_000_000) long maxEntries,
        Duration claimTimeout,
        @DefaultValue("20s") Duration claimWait,
        @DefaultValue("30m") Duration brokerConsumerTimeout,
        @DefaultValue @Valid Redis redis) {

    public enum Store { MEMORY, REDIS, NONE }

    /** These properties with the claim timeout in effect (configured, or derived from the longest attempt). */
    DedupProperties withClaimTimeout(Duration effective) {
        return new DedupProperties(store, ttl, maxEntries, effective, claimWait, brokerConsumerTimeout, redis);
    }

    /**
     * @param uri       {@code redis://host:6379/0}, {@code rediss://...} for TLS; a password in it comes from the
     *                  environment ({@code SMS_DEDUP_REDIS_URI}) and is never logged
     * @param keyPrefix put before each message id; lets several deployments share one Redis
     * @param timeout   connect and command timeout; past it the check is skipped (the SMS is still sent)
     */
    public record Redis(
            @DefaultValue("redis://127.0.0.1:6379") String uri,
            @DefaultValue("sms-worker:sent:") String keyPrefix,
            @DefaultValue("500ms") Duration timeout) {

        @Override
        public String toString() {
            return "Redis[uri=" + uri.replaceAll("//[^@/]*@", "//<hidden>@") + ", keyPrefix=" + keyPrefix + ", timeout=" + timeout + "]";
        }
    }
}
