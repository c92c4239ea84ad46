package dev.smsworker.worker.routing;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/lanes}: whether each lane is paused (since when, for which route) and how many
 * messages it holds. Always UP and in no probe group: a pause is the worker waiting out a provider
 * outage on purpose, and restarting it would not end the outage. The alert {@code SmsLanePaused} says
 * when a pause lasts.
 */
@Component("lanes")
class LanesHealthIndicator implements HealthIndicator {

    private final LanePauses pauses;

    LanesHealthIndicator(LanePauses pauses) {
        this.pauses = pauses;
    }

    @Override
    public Health health() {
        return Health.up().withDetails(pauses.details()).build();
    }
}
