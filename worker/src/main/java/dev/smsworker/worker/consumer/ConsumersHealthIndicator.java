package dev.smsworker.worker.consumer;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness: up once the topology is declared and every lane has a live consumer; down while the
 * broker connection is recovering. Registered as {@code smsConsumers} in the readiness group.
 */
@Component("smsConsumers")
class ConsumersHealthIndicator implements HealthIndicator {

    private final LaneSubscriptions consumers;
    private final BrokerConnectionState connection;

    ConsumersHealthIndicator(LaneSubscriptions consumers, BrokerConnectionState connection) {
        this.consumers = consumers;
        this.connection = connection;
    }

    @Override
    public Health health() {
        Health.Builder health = consumers.consuming() ? Health.up() : Health.outOfService();
        return health
                .withDetail("brokerConnected", connection.connected())
                .withDetail("inFlight", consumers.inFlight())
                .build();
    }
}
