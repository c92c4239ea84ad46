package dev.smsworker.bench.chaos;

import java.util.ArrayList;
import java.util.List;

/** What was injected when, for the ledger to attribute duplicates to the fault that made them ambiguous. */
final class FaultLog {

    /**
     * One injected fault.
     *
     * @param mayDuplicate whether this fault can leave a sent SMS unacknowledged (or a republish
     *                     unconfirmed), so that a second send is the documented at-least-once outcome;
     *                     a duplicate attributed to a fault that can't do that is a bug
     */
    record Fault(String name, boolean mayDuplicate, long startNanos, long endNanos, String note) {

        /** The time in which a message's processing can have been made ambiguous by this fault. */
        boolean overlaps(long fromNanos, long toNanos) {
            // A send in progress when the fault began; a confirm wait (10 s) that ended after it.
            long windowStart = startNanos - 5_000_000_000L;
            long windowEnd = endNanos + 12_000_000_000L;
            return fromNanos <= windowEnd && toNanos >= windowStart;
        }
    }

    private final long runStart;
    private final List<Fault> faults = new ArrayList<>();

    FaultLog(long runStart) {
        this.runStart = runStart;
    }

    synchronized void add(String name, boolean mayDuplicate, long startNanos, String note) {
        faults.add(new Fault(name, mayDuplicate, startNanos, System.nanoTime(), note));
    }

    synchronized List<Fault> all() {
        return List.copyOf(faults);
    }

    long runStart() {
        return runStart;
    }

    double secondsIntoRun(long nanos) {
        return (nanos - runStart) / 1e9;
    }
}
