package dev.smsworker.worker.guard;

import dev.smsworker.worker.dedup.DedupProperties;
import dev.smsworker.worker.routing.RateLimitStoreProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class GuardConfiguration {

    /**
     * Memory unless {@code sms.routing.rate-limits.store=redis}: then the same Redis as the shared rate limits
     * ({@code sms.routing.rate-limits.redis.uri}, else {@code sms.dedup.redis.uri}) and its timeout, under
     * {@code sms.guard.key-prefix}. A worker on the memory store opens no Redis connection for the guard.
     */
    @Bean
    GuardStore guardStore(GuardProperties guard, RateLimitStoreProperties store, DedupProperties dedup) {
        if (store.store() == RateLimitStoreProperties.Store.MEMORY) {
            return new InMemoryGuardStore(guard.maxEntries());
        }
        RateLimitStoreProperties.Redis redis = store.redis();
        boolean own = !redis.uri().isBlank();
        RedisGuardStore redisStore = new RedisGuardStore(own ? redis.uri() : dedup.redis().uri(),
                own ? "sms.routing.rate-limits.redis.uri" : "sms.dedup.redis.uri", guard.keyPrefix(), redis.timeout());
        redisStore.connectEarly();
        return redisStore;
    }

    @Bean
    SpendLedger spendLedger(SpendProperties spend, GuardStore store, Clock clock, MeterRegistry registry) {
        SpendLedger ledger = new SpendLedger(spend, store, clock);
        ledger.register(registry);
        return ledger;
    }

    @Bean
    PriceTable priceTable(PricingProperties pricing) {
        return new PriceTable(pricing);
    }

    @Bean
    Guard guard(GuardProperties guard, LimitsProperties limits, GuardStore store, SpendLedger spend,
                MeterRegistry registry, Clock clock) {
        return new Guard(guard, limits, store, spend, registry, clock);
    }

    @Bean
    SpendRecorder spendRecorder(PriceTable prices, SpendLedger spend, PricingProperties pricing, MeterRegistry registry) {
        return new SpendRecorder(prices, spend, pricing.currency(), registry);
    }
}
