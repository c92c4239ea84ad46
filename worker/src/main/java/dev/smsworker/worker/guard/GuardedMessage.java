package dev.smsworker.worker.guard;

import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.PhoneMask;
import dev.smsworker.worker.encoding.Segments;

/**
 * What the guard looks at before a provider call.
 *
 * @param to       validated E.164
 * @param attempt  1-based; caps count first attempts only, so a retry is not a second message
 * @param segments the body's measure
 */
public record GuardedMessage(String messageId, String to, Kind kind, int attempt, Segments segments) {

    @Override
    public String toString() {
        return "GuardedMessage[messageId=" + messageId + ", to=" + PhoneMask.mask(to) + ", kind=" + kind
                + ", attempt=" + attempt + ", segments=" + segments + "]";
    }
}
