package dev.smsworker.ops.replay;

import java.util.List;

/**
 * What a replay did. Every message read is counted exactly once: moved, or kept for one reason.
 *
 * @param scanned          messages read from the failed queue
 * @param moved            published to {@code sms}, confirmed, then removed from the failed queue (would be, in a dry run)
 * @param movedExpired     of those, how many were expired ({@code --include-expired})
 * @param notMatching      kept: outside the filters
 * @param expired          kept: expired, and no {@code --include-expired}
 * @param overLimit        kept: matched after {@code --limit} was reached
 * @param refused          kept: the broker nacked or returned the publish
 * @param noRoutingKey     kept: neither a routing key nor a kind to derive one from
 * @param replayedThisRun  kept: replayed by this very run and already failed again
 * @param messages         the matching messages and what happened to each
 */
public record ReplayReport(boolean dryRun, int scanned, int moved, int movedExpired, int notMatching, int expired,
                           int overLimit, int refused, int noRoutingKey, int replayedThisRun, List<Entry> messages) {

    /** Whether every matching message within the limit was moved. */
    public boolean complete() {
        return refused == 0 && noRoutingKey == 0;
    }

    /** One matching message. {@code outcome}: moved, would-move, expired, over-limit, refused, no-routing-key. */
    public record Entry(String messageId, String correlationId, String kind, String routingKey, String errorClass,
                        String errorCode, String outcome) {
    }
}
