package dev.smsworker.worker.topology.drift;

import dev.smsworker.contracts.topology.Drift;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.List;

/** {@code sms_topology_drift{queue,setting}}: 1 while drifted; the series disappears when the drift clears. */
final class DriftGauge {

    private final MultiGauge gauge;

    DriftGauge(MeterRegistry registry) {
        this.gauge = MultiGauge.builder("sms.topology.drift")
                .description("1 while the broker applies a setting to this queue or exchange other than the worker declared")
                .register(registry);
    }

    void show(List<Drift> drifts) {
        // overwrite=true: rows not in this list are removed from the registry, so a cleared drift has no series.
        gauge.register(drifts.stream()
                .map(d -> MultiGauge.Row.of(Tags.of("queue", d.name(), "setting", d.setting()), 1))
                .toList(), true);
    }
}
