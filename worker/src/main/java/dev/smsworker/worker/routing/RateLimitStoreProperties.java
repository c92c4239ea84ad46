package dev.smsworker.worker.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Where the provider rate limits ({@code sms.routing.rate-limits.<name>}) keep their permits. These keys sit
 * beside the per-provider rates; {@link RoutingProperties} leaves them out of the rate map.
 *
 * @param store {@code memory}: each worker has its own buckets (one worker); {@code redis}: one bucket per provider
 *              and share in Redis, shared by every worker, so N workers together keep the configured rate
 * @param redis the Redis the shared buckets live in
 */
@ConfigurationProperties("sms.routing.rate-limits")
record RateLimitStoreProperties(
        @DefaultValue("memory") Store store,
        @DefaultValue Redis redis) {

    public enum Store { MEMORY, REDIS }

    /**
     * @param uri       {@code redis://[[user:]password@]host[:port][/db]}; empty: the sent-id record's
     *                  {@code sms.dedup.redis.uri}. A password in it is never logged
     * @param keyPrefix put before {@code <provider>:otp} and {@code <provider>:others}; lets deployments share a Redis
     * @param timeout   connect and command timeout; past it the send gets no permit now and is held
     */
    public record Redis(
            @DefaultValue("") String uri,
            @DefaultValue("sms-worker:rate:") String keyPrefix,
            @DefaultValue("500ms") Duration timeout) {

        @Override
        public String toString() {
            return "Redis[uri=" + uri.replaceAll("//[^@/]*@", "//<hidden>@") + ", keyPrefix=" + keyPrefix + ", timeout=" + timeout + "]";
        }
    }
}
