package dev.smsworker.worker.topology.drift;

import dev.smsworker.contracts.topology.Drift;

import java.time.Instant;
import java.util.List;

/** The last answer of the drift check. */
sealed interface DriftStatus {

    /** Not run yet (start-up), or switched off. */
    record NotChecked(String why) implements DriftStatus {
    }

    /** The broker was read at {@code at}; {@code drifts} is empty when it applies what we declared. */
    record Checked(Instant at, List<Drift> drifts) implements DriftStatus {
        public Checked {
            drifts = List.copyOf(drifts);
        }

        boolean losesOrDelays() {
            return drifts.stream().anyMatch(Drift::losesOrDelays);
        }
    }

    /** The management API could not be read since {@code since}; {@code reason} says why (no credentials). */
    record Unavailable(Instant since, String reason) implements DriftStatus {
    }
}
