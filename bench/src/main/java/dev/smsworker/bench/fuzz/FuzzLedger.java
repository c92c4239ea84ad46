package dev.smsworker.bench.fuzz;

import dev.smsworker.bench.provider.CallLog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What became of each fuzz case, per category. */
final class FuzzLedger {

    /** Counts of one category. */
    static final class Row {
        int cases;
        int unpublishable;
        int sent;
        int failed;
        int withoutReason;
        int missing;
        int duplicated;
        final Map<String, Integer> reasons = new TreeMap<>();
        final List<String> missingIds = new ArrayList<>();
        final List<String> duplicatedIds = new ArrayList<>();
    }

    private final Map<String, Row> rows = new TreeMap<>();
    private final Map<String, String> refusals = new TreeMap<>();
    private int unattributedSends;

    static FuzzLedger reconcile(List<FuzzCase> cases, Map<String, String> unpublishable, CallLog calls, Map<String, List<String>> failed) {
        FuzzLedger ledger = new FuzzLedger();
        Set<String> ids = new HashSet<>();
        for (FuzzCase fuzzCase : cases) {
            ids.add(fuzzCase.id());
            Row row = ledger.rows.computeIfAbsent(fuzzCase.category(), k -> new Row());
            row.cases++;
            if (unpublishable.containsKey(fuzzCase.id())) {
                row.unpublishable++;
                ledger.refusals.merge(fuzzCase.category() + ": " + unpublishable.get(fuzzCase.id()), "x", (a, b) -> a + "x");
                continue;
            }
            int sends = calls.sends(fuzzCase.id()).size();
            List<String> copies = failed.getOrDefault(fuzzCase.id(), List.of());
            if (sends + copies.size() == 0) {
                row.missing++;
                row.missingIds.add(fuzzCase.id());
            } else if (sends + copies.size() > 1) {
                row.duplicated++;
                row.duplicatedIds.add(fuzzCase.id() + " (sent " + sends + ", failed " + copies + ")");
            } else if (sends == 1) {
                row.sent++;
            } else if (copies.getFirst() == null) {
                row.withoutReason++;
            } else {
                row.failed++;
                row.reasons.merge(copies.getFirst(), 1, Integer::sum);
            }
        }
        ledger.unattributedSends = (int) calls.ids().stream().filter(id -> !ids.contains(id)).mapToLong(id -> calls.sends(id).size()).sum();
        return ledger;
    }

    Map<String, Row> rows() {
        return rows;
    }

    /** Each distinct refusal (client or broker) with how many cases hit it (as a run of x). */
    Map<String, String> refusals() {
        return refusals;
    }

    int unattributedSends() {
        return unattributedSends;
    }

    int missing() {
        return rows.values().stream().mapToInt(r -> r.missing).sum();
    }

    /**
     * Every published case ended in exactly one place, failed ones with a reason. A mutated case that was
     * still valid is sent with a text that may no longer carry its id: each such send accounts for exactly
     * one missing case, no more and no fewer.
     */
    boolean clean() {
        int withoutReason = rows.values().stream().mapToInt(r -> r.withoutReason).sum();
        int duplicated = rows.values().stream().mapToInt(r -> r.duplicated).sum();
        return withoutReason == 0 && duplicated == 0 && missing() == unattributedSends;
    }
}
