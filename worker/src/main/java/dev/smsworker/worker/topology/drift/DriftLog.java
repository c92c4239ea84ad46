package dev.smsworker.worker.topology.drift;

import dev.smsworker.contracts.topology.Drift;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Log lines for changes only: a drift is logged when it appears or its value changes and when it
 * clears, an unreadable management API once until it can be read again; never a line per check.
 */
final class DriftLog {

    private static final Logger log = LoggerFactory.getLogger("dev.smsworker.worker.topology.drift");

    private final Map<String, Drift> reported = new HashMap<>();
    private String unavailable;

    void checked(List<Drift> drifts) {
        if (unavailable != null) {
            log.info("drift check available again");
            unavailable = null;
        }
        Map<String, Drift> now = new HashMap<>();
        for (Drift drift : drifts) {
            String key = drift.name() + " " + drift.setting();
            now.put(key, drift);
            if (!drift.equals(reported.get(key))) {
                log.warn("topology drift: queue {} setting {} expected {} actual {} (from {}){}", drift.name(), drift.setting(),
                        drift.expected(), drift.actual(), drift.source(),
                        drift.losesOrDelays() ? "; this can lose or delay messages" : "");
            }
        }
        reported.forEach((key, drift) -> {
            if (!now.containsKey(key)) {
                log.info("topology drift cleared: queue {} setting {} is {} again", drift.name(), drift.setting(), drift.expected());
            }
        });
        reported.clear();
        reported.putAll(now);
    }

    void unavailable(String reason) {
        if (!reason.equals(unavailable)) {
            log.warn("drift check unavailable: {}; the worker keeps serving and retries quietly", reason);
            unavailable = reason;
        }
    }
}
