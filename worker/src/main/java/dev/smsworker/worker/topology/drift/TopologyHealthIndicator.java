package dev.smsworker.worker.topology.drift;

import dev.smsworker.contracts.topology.Drift;
import dev.smsworker.worker.topology.TopologyProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Health component {@code topology}: OUT_OF_SERVICE while a drift can lose or delay messages, UP
 * (with the drifts as details) otherwise, UNKNOWN when the drift check can't read the broker. Not in
 * the readiness or liveness group: the worker keeps serving; this is for the operator and the alert.
 */
@Component("topology")
class TopologyHealthIndicator implements HealthIndicator {

    private final TopologyDriftMonitor monitor;
    private final TopologyProperties properties;

    TopologyHealthIndicator(TopologyDriftMonitor monitor, TopologyProperties properties) {
        this.monitor = monitor;
        this.properties = properties;
    }

    @Override
    public Health health() {
        Health.Builder health = switch (monitor.status()) {
            case DriftStatus.NotChecked notChecked -> Health.unknown().withDetail("driftCheck", notChecked.why());
            case DriftStatus.Unavailable unavailable -> Health.unknown()
                    .withDetail("driftCheck", "drift check unavailable")
                    .withDetail("reason", unavailable.reason())
                    .withDetail("since", unavailable.since().toString());
            case DriftStatus.Checked checked -> (checked.losesOrDelays() ? Health.outOfService() : Health.up())
                    .withDetail("checkedAt", checked.at().toString())
                    .withDetail("drifts", details(checked.drifts()));
        };
        return health.withDetail("mode", properties.mode().name().toLowerCase()).build();
    }

    private static List<Map<String, Object>> details(List<Drift> drifts) {
        return drifts.stream().map(d -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("queue", d.name());
            detail.put("setting", d.setting());
            detail.put("expected", d.expected());
            detail.put("actual", d.actual());
            detail.put("source", d.source());
            detail.put("losesOrDelaysMessages", d.losesOrDelays());
            return detail;
        }).toList();
    }
}
