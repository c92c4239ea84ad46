package dev.smsworker.worker.failover;

import dev.smsworker.worker.dedup.DedupProperties;
import dev.smsworker.worker.messaging.ConfirmedPublisher;
import dev.smsworker.worker.retry.DelayTiers;
import dev.smsworker.worker.routing.RouteHold;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

/**
 * Failover on a delayed failure, wired: on when receipts are ({@code sms.receipts.enabled}) and
 * {@code sms.receipts.failover.enabled} is not false. The kept requests live where the delivery records do
 * ({@code sms.receipts.store}): in this process, or in Redis sealed with {@code sms.receipts.failover.encryption-key}.
 */
@Configuration(proxyBeanMethods = false)
class FailoverConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FailoverConfiguration.class);

    // The Redis store is AutoCloseable; Spring closes it with the context.
    @Bean
    KeptRequests keptRequests(FailoverProperties properties, Environment environment, DedupProperties dedup, JsonMapper json) {
        if (!active(properties, environment)) {
            return KeptRequests.NONE;
        }
        if (!"redis".equalsIgnoreCase(environment.getProperty("sms.receipts.store", "memory"))) {
            return new InMemoryKeptRequests(properties.maxMemory().toBytes());
        }
        if (properties.encryptionKey() == null || properties.encryptionKey().isBlank()) {
            log.warn("receipts: failover on undelivered receipts is off: with sms.receipts.store=redis it needs "
                    + "sms.receipts.failover.encryption-key (requests hold numbers and texts and are sealed in Redis)");
            return KeptRequests.NONE;
        }
        return new RedisKeptRequests(dedup.redis().uri(), dedup.redis().timeout(),
                environment.getProperty("sms.receipts.redis-key-prefix", "sms-worker:receipts:"),
                new RequestSeal(properties.encryptionKey()), json);
    }

    /** Before the status event, like the delivery record: a receipt can come as soon as the provider accepted it. */
    @Bean
    @Order(2)
    DelayedFailover delayedFailover(FailoverProperties properties, Environment environment, KeptRequests kept,
                                    RouteHold routes, ConfirmedPublisher publisher, DelayTiers tiers, MeterRegistry meters,
                                    Clock clock) {
        return new DelayedFailover(active(properties, environment) && kept != KeptRequests.NONE, kept, routes, publisher,
                tiers.all().getFirst(), properties.maxKeep(), meters, clock);
    }

    private static boolean active(FailoverProperties properties, Environment environment) {
        return properties.enabled() && environment.getProperty("sms.receipts.enabled", Boolean.class, false);
    }
}
