package dev.smsworker.worker.routing;

import dev.smsworker.worker.dedup.DedupProperties;
import dev.smsworker.worker.observability.SmsMetrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    /** Provider call latency goes to the worker's own metric, sms_provider_latency_seconds. */
    @Bean
    CallTimer callTimer(SmsMetrics metrics) {
        return metrics::providerCall;
    }

    /**
     * In-process buckets unless {@code sms.routing.rate-limits.store=redis}; the Redis ones use the sent-id
     * record's Redis ({@code sms.dedup.redis.uri}) unless {@code sms.routing.rate-limits.redis.uri} is set.
     * A worker on the in-memory store opens no Redis connection for rate limits.
     */
    @Bean
    PermitBuckets permitBuckets(RateLimitStoreProperties store, DedupProperties dedup) {
        if (store.store() == RateLimitStoreProperties.Store.MEMORY) {
            return PermitBuckets.LOCAL;
        }
        RateLimitStoreProperties.Redis redis = store.redis();
        boolean own = !redis.uri().isBlank();
        RedisPermitBuckets buckets = new RedisPermitBuckets(own ? redis.uri() : dedup.redis().uri(),
                own ? "sms.routing.rate-limits.redis.uri" : "sms.dedup.redis.uri", redis.keyPrefix(), redis.timeout());
        buckets.connectEarly();
        return buckets;
    }
}
