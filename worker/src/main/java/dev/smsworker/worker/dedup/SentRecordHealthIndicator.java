package dev.smsworker.worker.dedup;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness: down while a required sent-id record ({@code sms.dedup.required}) is unreachable, so the
 * worker is not counted ready while its lanes are paused. Registered as {@code dedup} in the readiness group.
 */
@Component("dedup")
class SentRecordHealthIndicator implements HealthIndicator {

    private final SentRecordAvailability availability;
    private final DedupProperties properties;
    private final DedupRequirement requirement;

    SentRecordHealthIndicator(SentRecordAvailability availability, DedupProperties properties, DedupRequirement requirement) {
        this.availability = availability;
        this.properties = properties;
        this.requirement = requirement;
    }

    @Override
    public Health health() {
        Health.Builder health = availability.available() ? Health.up() : Health.down();
        health.withDetail("store", properties.store().name().toLowerCase())
                .withDetail("required", requirement.storeRequired());
        if (availability.watched()) {
            health.withDetail("redis", availability.target())
                    .withDetail("reachable", availability.available())
                    .withDetail("downForSeconds", availability.downFor().toSeconds());
        }
        if (!availability.available()) {
            health.withDetail("error", availability.lastFailure());
        }
        return health.build();
    }
}
