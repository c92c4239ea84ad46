package dev.smsworker.bench.fuzz;

import java.io.PrintStream;
import java.nio.file.Path;

/** Prints the fuzz run's table and verdict. */
final class FuzzReport {

    private final PrintStream out;

    FuzzReport(PrintStream out) {
        this.out = out;
    }

    void print(FuzzLedger ledger, Sampler sampler, boolean settled, boolean controlsSent, int exit, Path workerLog) {
        out.println();
        out.printf("%-22s %6s %6s %6s %6s %8s %7s %5s  %s%n", "category", "cases", "refused", "sent", "failed", "noReason", "missing", "dup", "reasons (top)");
        ledger.rows().forEach((category, row) -> out.printf("%-22s %6d %6d %6d %6d %8d %7d %5d  %s%n", category, row.cases, row.unpublishable,
                row.sent, row.failed, row.withoutReason, row.missing, row.duplicated, top(row)));
        out.println();
        out.println("refused at publish (never reached the worker):");
        ledger.refusals().forEach((reason, count) -> out.printf("  %3d x %s%n", count.length(), reason));
        ledger.rows().forEach((category, row) -> {
            if (!row.missingIds.isEmpty()) {
                out.printf("missing in %s: %s%n", category, row.missingIds.size() > 10 ? row.missingIds.subList(0, 10) + " ..." : row.missingIds);
            }
            if (!row.duplicatedIds.isEmpty()) {
                out.printf("duplicated in %s: %s%n", category, row.duplicatedIds.size() > 10 ? row.duplicatedIds.subList(0, 10) + " ..." : row.duplicatedIds);
            }
        });
        out.printf("sends whose text no longer started with a fuzz id (mutated but still valid): %d%n", ledger.unattributedSends());
        out.printf("worker RSS: %d MiB idle before, %d MiB max during, %d MiB at the end (%d samples); readiness down in %d samples%n",
                sampler.baselineMib(), sampler.maxMib(), sampler.lastMib(), sampler.samples(), sampler.notReadySamples());
        out.printf("queues settled: %s; 100 valid requests after the fuzz all sent: %s; worker exit on SIGTERM: %d (log: %s)%n",
                settled, controlsSent, exit, workerLog);
        boolean ok = ledger.clean() && settled && controlsSent && sampler.notReadySamples() == 0;
        out.println(ok ? "RESULT: every message accounted for, worker kept consuming" : "RESULT: PROBLEMS (see above)");
    }

    void printBacklog(int messages, Sampler sampler) {
        out.printf("backlog of %d x 10 MB waiting when a worker starts: RSS %d MiB right after start, %d MiB max, %d MiB when drained;"
                        + " readiness down in %d of %d samples%n", messages, sampler.baselineMib(), sampler.maxMib(), sampler.lastMib(),
                sampler.notReadySamples(), sampler.samples());
        out.println("  (prefetch counts messages, not bytes: the client may hold prefetch x the largest message the broker accepts)");
    }

    private static String top(FuzzLedger.Row row) {
        return row.reasons.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(3)
                .map(e -> e.getKey() + "=" + e.getValue()).toList().toString();
    }
}
