package dev.smsworker.worker.dedup;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class DedupConfiguration {

    // The Redis store is AutoCloseable; Spring closes it after the consumers have stopped.
    @Bean
    SentStore sentStore(DedupProperties configured, CallTimeBudget budget, JsonMapper json, Clock clock) {
        DedupProperties properties = configured.withClaimTimeout(budget.claimTimeout());
        return switch (properties.store()) {
            case MEMORY -> new InMemorySentStore(properties, clock);
            case REDIS -> {
                RedisSentStore redis = new RedisSentStore(properties, json);
                redis.connectEarly();
                yield redis;
            }
            case NONE -> new NoSentStore();
        };
    }

    @Bean
    ClaimLeases claimLeases(SentStore store, DedupProperties configured, CallTimeBudget budget, MeterRegistry meters) {
        return new ClaimLeases(store, configured.withClaimTimeout(budget.claimTimeout()), meters);
    }
}
