package dev.smsworker.contracts.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Compares an {@link ExpectedTopology} with a {@link BrokerView}: pure, no I/O. */
public final class DriftCheck {

    private DriftCheck() {
    }

    /** Every drift, queues and exchanges in the order of {@code expected}; empty when the broker applies what we declared. */
    public static List<Drift> compare(ExpectedTopology expected, BrokerView broker) {
        List<Drift> drifts = new ArrayList<>();
        for (ExpectedExchange exchange : expected.exchanges()) {
            AppliedExchange applied = broker.exchanges().get(exchange.name());
            if (applied == null) {
                drifts.add(new Drift(exchange.name(), "exists", "exchange", "missing", "-", true));
                continue;
            }
            if (!exchange.type().equals(applied.type())) {
                drifts.add(new Drift(exchange.name(), "exchange-type", exchange.type(), applied.type(), "declaration", true));
            }
            if (!Objects.equals(exchange.alternateExchange(), applied.alternateExchange())) {
                // Without it, a request with an unknown routing key is dropped instead of kept in sms.unrouted.
                drifts.add(new Drift(exchange.name(), "alternate-exchange", Drift.show(exchange.alternateExchange()),
                        Drift.show(applied.alternateExchange()), "exchange argument", true));
            }
        }
        for (ExpectedQueue queue : expected.queues()) {
            AppliedQueue applied = broker.queues().get(queue.name());
            if (applied == null) {
                drifts.add(new Drift(queue.name(), "exists", "queue", "missing", "-", true));
                continue;
            }
            for (QueueSetting setting : QueueSetting.values()) {
                Object actual = applied.effective(setting);
                if (!queue.accepts(setting, actual)) {
                    drifts.add(new Drift(queue.name(), setting.key(), Drift.show(queue.declared(setting)), Drift.show(actual),
                            applied.source(setting), queue.losesOrDelays(setting)));
                }
            }
        }
        return drifts;
    }
}
