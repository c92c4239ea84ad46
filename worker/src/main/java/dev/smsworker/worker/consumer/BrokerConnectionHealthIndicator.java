package dev.smsworker.worker.consumer;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Liveness: a short broker outage is recovered in place (readiness shows it); only after
 * {@code sms.broker.liveness-timeout} without the broker does liveness go down, so the orchestrator
 * replaces a worker that can't recover by itself.
 */
@Component("brokerConnection")
class BrokerConnectionHealthIndicator implements HealthIndicator {

    private final BrokerConnectionState connection;
    private final BrokerProperties properties;

    BrokerConnectionHealthIndicator(BrokerConnectionState connection, BrokerProperties properties) {
        this.connection = connection;
        this.properties = properties;
    }

    @Override
    public Health health() {
        boolean alive = connection.downFor().compareTo(properties.livenessTimeout()) < 0;
        return (alive ? Health.up() : Health.down())
                .withDetail("connected", connection.connected())
                .withDetail("downForSeconds", connection.downFor().toSeconds())
                .build();
    }
}
