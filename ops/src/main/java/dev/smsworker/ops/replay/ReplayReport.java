package dev.smsworker.ops.replay;

import java.util.List;

/**
 * What a replay did. Every message read is counted exactly once: moved, removed as a copy of one moved,
 * or kept for one reason. Moves and removals count only what the broker confirmed and applied.
 *
 * @param scanned           messages read from the failed queue
 * @param moved             published to {@code sms}, confirmed, then removed from the failed queue (would be, in a dry run)
 * @param movedExpired      of those, how many were expired ({@code --include-expired})
 * @param duplicatesRemoved removed: another copy of a message this run moved (same message id, same body), so the
 *                          SMS is replayed once
 * @param notMatching       kept: outside the filters
 * @param maybeDelivered    kept: {@code sms-maybe-delivered}, an earlier attempt may have reached the handset, and no
 *                          {@code --include-maybe-delivered}
 * @param expired           kept: expired, and no {@code --include-expired}
 * @param overLimit         kept: matched after {@code --limit} was reached
 * @param refused           kept: the broker nacked or returned the publish
 * @param noRoutingKey      kept: neither a routing key nor a kind to derive one from
 * @param duplicatesKept    kept: the id of a message this run moved, but another body (not a copy: look at it), or
 *                          a copy of one the broker refused
 * @param replayedThisRun   kept: replayed by this very run and already failed again
 * @param left              messages in sms.failed after the run, as the broker counts them; -1 when not counted
 * @param messages          the matching messages and what happened to each
 */
public record ReplayReport(boolean dryRun, int scanned, int moved, int movedExpired, int duplicatesRemoved, int notMatching,
                           int maybeDelivered, int expired, int overLimit, int refused, int noRoutingKey, int duplicatesKept,
                           int replayedThisRun, int left, List<Entry> messages) {

    /** Whether every matching message within the limit was moved. */
    public boolean complete() {
        return refused == 0 && noRoutingKey == 0;
    }

    ReplayReport withLeft(int newLeft) {
        return new ReplayReport(dryRun, scanned, moved, movedExpired, duplicatesRemoved, notMatching, maybeDelivered, expired,
                overLimit, refused, noRoutingKey, duplicatesKept, replayedThisRun, newLeft, messages);
    }

    /**
     * One matching message. {@code outcome}: moved, would-move, duplicate-removed, would-remove-duplicate,
     * duplicate-kept, maybe-delivered, expired, over-limit, refused, no-routing-key.
     */
    public record Entry(String messageId, String correlationId, String kind, String routingKey, String errorClass,
                        String errorCode, String maybeDelivered, String outcome) {
    }
}
