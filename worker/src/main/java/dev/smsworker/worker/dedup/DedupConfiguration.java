package dev.smsworker.worker.dedup;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class DedupConfiguration {

    // The Redis store is AutoCloseable; Spring closes it after the consumers have stopped.
    @Bean
    SentStore sentStore(DedupProperties properties, JsonMapper json, Clock clock) {
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
}
