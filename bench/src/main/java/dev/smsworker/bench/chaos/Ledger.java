package dev.smsworker.bench.chaos;

import dev.smsworker.bench.provider.Answer;
import dev.smsworker.bench.provider.CallLog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reconciles what was published with what happened, in the buckets of RabbitMQ's Jepsen tests:
 * <ul>
 *   <li>ok: sent exactly once, or in {@code sms.failed} once with a reason and never sent;</li>
 *   <li>lost: neither sent nor in {@code sms.failed} (must be 0);</li>
 *   <li>duplicated: more than one outcome (two sends, or a send and a failed copy), split into those a
 *       fault of the run made ambiguous (the at-least-once contract) and those nothing explains;</li>
 *   <li>unexpected: an outcome for an id that was never published.</li>
 * </ul>
 */
final class Ledger {

    /** One copy of a message found in {@code sms.failed}. {@code reason} is null when it carries none. */
    record FailedCopy(String errorClass, String code, String reason) {
    }

    /** Why a duplicate is allowed, or that it is not. */
    record Attribution(String cause, boolean explained) {
    }

    private final Map<String, Integer> ok = new TreeMap<>();
    private final List<String> lost = new ArrayList<>();
    private final Map<String, Attribution> duplicated = new TreeMap<>();
    private final Set<String> unexpected = new HashSet<>();
    private final List<String> failedWithoutReason = new ArrayList<>();

    static Ledger reconcile(Collection<String> published, CallLog calls, Map<String, List<FailedCopy>> failed,
                            List<FaultLog.Fault> faults, Map<String, String> knownAmbiguous) {
        Ledger ledger = new Ledger();
        Set<String> publishedSet = new HashSet<>(published);
        for (String id : published) {
            ledger.classify(id, calls, failed.getOrDefault(id, List.of()), faults, knownAmbiguous);
        }
        calls.ids().stream().filter(id -> !publishedSet.contains(id) && !calls.sends(id).isEmpty()).forEach(ledger.unexpected::add);
        failed.keySet().stream().filter(id -> !publishedSet.contains(id)).forEach(ledger.unexpected::add);
        return ledger;
    }

    private void classify(String id, CallLog calls, List<FailedCopy> failedCopies, List<FaultLog.Fault> faults,
                          Map<String, String> knownAmbiguous) {
        List<Long> sends = calls.sends(id);
        int outcomes = sends.size() + failedCopies.size();
        if (outcomes == 0) {
            lost.add(id);
            return;
        }
        if (sends.isEmpty() && failedCopies.size() > 1) {
            // Never sent: at-least-once delivery kept its failed copy twice (a redelivery after an ack
            // lost to a fault; calls refused during a provider outage leave no record to date it).
            // The "duplicated" bucket is for SMS sent twice, so this is shown apart, not hidden.
            ok.merge("failed, copy in sms.failed twice (never sent)", 1, Integer::sum);
            return;
        }
        if (outcomes > 1) {
            duplicated.put(id, attribute(id, calls, faults, knownAmbiguous));
            return;
        }
        if (sends.size() == 1) {
            ok.merge("sent", 1, Integer::sum);
            return;
        }
        FailedCopy copy = failedCopies.getFirst();
        if (copy.reason() == null) {
            failedWithoutReason.add(id);
            return;
        }
        ok.merge("failed " + copy.errorClass() + "/" + copy.code() + (parked(copy) ? " (parked: delay queue unroutable)" : ""),
                1, Integer::sum);
    }

    private static boolean parked(FailedCopy copy) {
        return copy.reason() != null && copy.reason().contains("unroutable, parked");
    }

    /** The most specific cause first: what the harness knows it did to this very message, then the fault windows. */
    private static Attribution attribute(String id, CallLog calls, List<FaultLog.Fault> faults, Map<String, String> knownAmbiguous) {
        List<CallLog.Call> history = calls.calls(id);
        if (history.stream().anyMatch(c -> c.answer() instanceof Answer.AcceptAndDrop)) {
            return new Attribution("provider accepted, then dropped the connection", true);
        }
        if (knownAmbiguous.containsKey(id)) {
            return new Attribution(knownAmbiguous.get(id), true);
        }
        if (history.isEmpty()) {
            return new Attribution("no provider call in the window of any fault", false);
        }
        long from = history.getFirst().arrivedNanos();
        long to = history.getLast().arrivedNanos();
        FaultLog.Fault best = null;
        for (FaultLog.Fault fault : faults) {
            if (fault.overlaps(from, to) && (best == null || fault.mayDuplicate() && (!best.mayDuplicate() || fault.startNanos() > best.startNanos()))) {
                best = fault;
            }
        }
        if (best == null) {
            return new Attribution("unexplained: no fault near its calls", false);
        }
        return new Attribution(best.name(), best.mayDuplicate());
    }

    boolean anythingLost() {
        return !lost.isEmpty();
    }

    int okCount() {
        return ok.values().stream().mapToInt(Integer::intValue).sum();
    }

    Map<String, Integer> ok() {
        return ok;
    }

    List<String> lost() {
        return lost;
    }

    Map<String, Attribution> duplicated() {
        return duplicated;
    }

    Set<String> unexpected() {
        return unexpected;
    }

    List<String> failedWithoutReason() {
        return failedWithoutReason;
    }

    long unexplainedDuplicates() {
        return duplicated.values().stream().filter(a -> !a.explained()).count();
    }

    /** Duplicates per cause. */
    Map<String, Integer> duplicatesByCause() {
        Map<String, Integer> byCause = new TreeMap<>();
        duplicated.values().forEach(a -> byCause.merge((a.explained() ? "" : "NOT EXPLAINED: ") + a.cause(), 1, Integer::sum));
        return byCause;
    }

    static Map<String, String> knownAmbiguous(Set<String> cut, Set<String> republishedByHarness) {
        Map<String, String> known = new HashMap<>();
        republishedByHarness.forEach(id -> known.put(id, "the harness published it twice (its confirm was lost)"));
        cut.forEach(id -> known.put(id, "cut between republish and confirm"));
        return known;
    }
}
