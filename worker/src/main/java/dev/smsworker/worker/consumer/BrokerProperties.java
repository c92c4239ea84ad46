package dev.smsworker.worker.consumer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Connection settings (host, credentials, ...) are Spring Boot's {@code spring.rabbitmq.*}; these say
 * how long the worker waits for the broker.
 *
 * @param startupTimeout  if the broker can't be reached within this at start, exit non-zero
 * @param livenessTimeout after this long without the broker, liveness goes down so the orchestrator replaces the worker
 * @param recoveryInterval pause between reconnection attempts
 */
@ConfigurationProperties("sms.broker")
public record BrokerProperties(
        @DefaultValue("60s") Duration startupTimeout,
        @DefaultValue("5m") Duration livenessTimeout,
        @DefaultValue("2s") Duration recoveryInterval) {
}
