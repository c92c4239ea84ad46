package dev.smsworker.worker.dedup;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class DedupConfiguration {

    // The Redis store is AutoCloseable; Spring closes it after the consumers have stopped.
    @Bean
    SentStore sentStore(DedupProperties properties, JsonMapper json) {
        return switch (properties.store()) {
            case MEMORY -> new InMemorySentStore(properties);
            case REDIS -> new RedisSentStore(properties, json);
            case NONE -> new NoSentStore();
        };
    }
}
