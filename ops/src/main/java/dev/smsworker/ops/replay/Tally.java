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
    int notMatching;
    int expired;
    int overLimit;
    int refused;
    int noRoutingKey;
    int replayedThisRun;
    int published;
    private final List<ReplayReport.Entry> entries = new ArrayList<>();

    Tally(boolean dryRun) {
        this.dryRun = dryRun;
    }

    void entry(FailedMessage message, String routingKey, String outcome) {
        entries.add(new ReplayReport.Entry(message.messageId(), message.correlationId(),
                message.kind() == null ? null : message.kind().wireName(), routingKey, message.errorClass(),
                message.errorCode(), outcome));
    }

    /** Published, not yet confirmed: after a crash these are back in the failed queue and may also be in {@code sms}. */
    int unconfirmed() {
        return published - moved - refused;
    }

    ReplayReport report() {
        return new ReplayReport(dryRun, scanned, moved, movedExpired, notMatching, expired, overLimit, refused, noRoutingKey,
                replayedThisRun, List.copyOf(entries));
    }
}
