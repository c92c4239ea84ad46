package dev.smsworker.bench.chaos;

import dev.smsworker.bench.provider.Answer;
import dev.smsworker.bench.provider.CallLog;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Prints a chaos run's ledger: the buckets, the faults with what each one caused, and anything to look at. */
final class ChaosReport {

    private final PrintStream out;
    private final FaultLog faultLog;

    ChaosReport(PrintStream out, FaultLog faultLog) {
        this.out = out;
        this.faultLog = faultLog;
    }

    void print(Ledger ledger, CallLog calls, Map<String, Long> left, List<String> unexpectedExits, List<Duration> readiness) {
        Map<String, Integer> byCause = ledger.duplicatesByCause();
        out.println();
        out.println("faults (duplicates attributed to each):");
        for (FaultLog.Fault fault : faultLog.all()) {
            out.printf("  %-45s at %6.1f s, %5.1f s long, duplicates %3d%s%n", fault.name(), faultLog.secondsIntoRun(fault.startNanos()),
                    (fault.endNanos() - fault.startNanos()) / 1e9, byCause.getOrDefault(fault.name(), 0),
                    fault.mayDuplicate() ? "" : " (must be 0)");
        }
        out.println();
        out.printf("provider: %d calls, %d accepted, %d accepted-then-dropped%n", calls.ids().stream().mapToLong(id -> calls.calls(id).size()).sum(),
                calls.accepted(), calls.ids().stream().flatMap(id -> calls.calls(id).stream())
                        .filter(c -> c.answer() instanceof Answer.AcceptAndDrop).count());
        out.printf("worker readiness after each start: %s%n", readiness.stream().map(d -> String.format("%.2fs", d.toMillis() / 1000.0)).toList());
        out.println();
        out.println("LEDGER");
        out.printf("  ok          %6d%n", ledger.okCount());
        ledger.ok().forEach((kind, count) -> out.printf("    %-60s %6d%n", kind, count));
        out.printf("  lost        %6d%s%n", ledger.lost().size(), ledger.lost().isEmpty() ? "" : "  " + head(ledger.lost()));
        out.printf("  duplicated  %6d  (ambiguous by a fault of the run: %d; NOT explained: %d)%n", ledger.duplicated().size(),
                ledger.duplicated().size() - ledger.unexplainedDuplicates(), ledger.unexplainedDuplicates());
        byCause.forEach((cause, count) -> out.printf("    %-60s %6d%n", cause, count));
        out.printf("  unexpected  %6d%s%n", ledger.unexpected().size(), ledger.unexpected().isEmpty() ? "" : "  " + head(List.copyOf(ledger.unexpected())));
        if (!ledger.failedWithoutReason().isEmpty()) {
            out.printf("  in sms.failed WITHOUT a reason: %d  %s%n", ledger.failedWithoutReason().size(), head(ledger.failedWithoutReason()));
        }
        long pending = ChaosRun.pending(left);
        if (pending > 0) {
            out.printf("  NOT SETTLED: %d messages still in queues %s%n", pending, left);
        }
        unexpectedExits.forEach(exit -> out.println("  " + exit));
        ledger.duplicated().entrySet().stream().filter(e -> !e.getValue().explained()).limit(10).forEach(e ->
                out.printf("    unexplained duplicate %s: calls at %s%n", e.getKey(), calls.calls(e.getKey()).stream()
                        .map(c -> String.format("%.1fs %s", faultLog.secondsIntoRun(c.arrivedNanos()), c.answer().getClass().getSimpleName())).toList()));
        out.println(ledger.anythingLost() || pending > 0 ? "RESULT: LOSS" : "RESULT: no loss");
    }

    private static String head(List<String> ids) {
        return ids.size() <= 10 ? ids.toString() : ids.subList(0, 10) + " ...";
    }
}
