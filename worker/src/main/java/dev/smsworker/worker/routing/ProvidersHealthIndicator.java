package dev.smsworker.worker.routing;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/providers}: each routed provider's switch, breaker state and rate limit.
 * Always UP, and in no probe group: an open breaker is failover doing its job, and restarting or
 * un-readying the worker would not bring a provider back.
 */
@Component("providers")
class ProvidersHealthIndicator implements HealthIndicator {

    private final ProviderStates states;

    ProvidersHealthIndicator(ProviderStates states) {
        this.states = states;
    }

    @Override
    public Health health() {
        return Health.up().withDetails(states.all()).build();
    }
}
