package dev.smsworker.worker.guard;

import dev.smsworker.contracts.HeaderValues;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.PhoneMask;
import dev.smsworker.worker.encoding.Segments;
import dev.smsworker.worker.message.MessageContext;

/**
 * What the guard looks at before a provider call.
 *
 * @param to       validated E.164
 * @param attempt  1-based; caps count first attempts only, so a retry is not a second message
 * @param segments the body's measure
 * @param heldBefore back from waiting at a cap ({@code sms-held}): not a new message to its number, though its
 *                 attempt may still be the first (a hold spends none)
 */
public record GuardedMessage(String messageId, String to, Kind kind, int attempt, Segments segments, boolean heldBefore) {

    public GuardedMessage(String messageId, String to, Kind kind, int attempt, Segments segments) {
        this(messageId, to, kind, attempt, segments, false);
    }

    /** The measured context's message to {@code to}. */
    public static GuardedMessage of(MessageContext context, String to) {
        boolean held = HeaderValues.string(context.original().getMessageProperties().getHeaders(), Headers.HELD).isPresent();
        return new GuardedMessage(context.messageId(), to, context.kind(), context.attempt(), context.segments(), held);
    }

    @Override
    public String toString() {
        return "GuardedMessage[messageId=" + messageId + ", to=" + PhoneMask.mask(to) + ", kind=" + kind
                + ", attempt=" + attempt + ", segments=" + segments + ", heldBefore=" + heldBefore + "]";
    }
}
