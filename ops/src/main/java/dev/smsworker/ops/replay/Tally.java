package dev.smsworker.ops.replay;

import dev.smsworker.ops.failed.FailedMessage;

import java.util.ArrayList;
import java.util.List;

/** Counts a replay as it goes, so a report exists even when the run stops half-way. */
final class Tally {

    final boolean dryRun;
    int scanned;
    int moved;
    int movedExpired;
    int duplicatesRemoved;
    int notMatching;
    int maybeDelivered;
    int expired;
    int overLimit;
    int refused;
    int noRoutingKey;
    int duplicatesKept;
    int replayedThisRun;
    int published;
    private final List<ReplayReport.Entry> entries = new ArrayList<>();

    Tally(boolean dryRun) {
        this.dryRun = dryRun;
    }

    /** Adds a line to the report; returns its index for {@link #outcome}. */
    int entry(FailedMessage message, String routingKey, String outcome) {
        entries.add(new ReplayReport.Entry(message.messageId(), message.correlationId(),
                message.kind() == null ? null : message.kind().wireName(), routingKey, message.errorClass(),
                message.errorCode(), message.maybeDelivered(), outcome));
        return entries.size() - 1;
    }

    /** Changes the outcome of the line at {@code index}, once it is known. */
    void outcome(int index, String outcome) {
        ReplayReport.Entry entry = entries.get(index);
        entries.set(index, new ReplayReport.Entry(entry.messageId(), entry.correlationId(), entry.kind(), entry.routingKey(),
                entry.errorClass(), entry.errorCode(), entry.maybeDelivered(), outcome));
    }

    /** Published, not yet confirmed: after a crash these are back in the failed queue and may also be in {@code sms}. */
    int unconfirmed() {
        return published - moved - refused;
    }

    ReplayReport report() {
        return new ReplayReport(dryRun, scanned, moved, movedExpired, duplicatesRemoved, notMatching, maybeDelivered, expired,
                overLimit, refused, noRoutingKey, duplicatesKept, replayedThisRun, -1, List.copyOf(entries));
    }
}
