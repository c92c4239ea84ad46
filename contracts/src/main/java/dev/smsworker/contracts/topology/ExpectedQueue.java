package dev.smsworker.contracts.topology;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A queue as sms-worker declares it.
 *
 * @param arguments    the {@code x-} arguments it is declared with (numbers as {@link Long})
 * @param alsoAccepted per setting, values other than the declared one that are intended, e.g. the
 *                     {@code delivery-limit} the shipped policies set; {@code null} in a set means "not set"
 */
public record ExpectedQueue(String name, QueueRole role, Map<String, Object> arguments,
                            Map<QueueSetting, Set<Object>> alsoAccepted) {

    public ExpectedQueue {
        arguments = Map.copyOf(arguments);
        alsoAccepted = Map.copyOf(alsoAccepted);
    }

    /** The declared value of {@code setting}, or null when the declaration leaves it unset. */
    public Object declared(QueueSetting setting) {
        return AppliedQueue.normalize(arguments.get(setting.argument()));
    }

    /** Whether {@code actual} (null: not set) is what we declared or one of the values we also accept. */
    public boolean accepts(QueueSetting setting, Object actual) {
        Object normalized = AppliedQueue.normalize(actual);
        Set<Object> accepted = alsoAccepted.get(setting);
        return Objects.equals(declared(setting), normalized) || accepted != null && accepted.contains(normalized);
    }

    /**
     * Whether a drift of {@code setting} can lose or delay messages. The queue type can't change under a
     * declared queue, and a delivery limit on a work or delay queue dead-letters to {@code sms.failed}
     * at least once: both worth a warning, not an outage. Anything else on {@code sms.failed} (a TTL or
     * length limit drops failed messages, which have nowhere further to go), a TTL or expiry on a work
     * queue, or any change to a delay queue's TTL and dead-lettering loses or delays messages. The receipts
     * queue is like {@code sms.failed}: a receipt it drops is an answer we told the provider we kept; so is the
     * feedback queue: feedback it drops is a conversion never counted, confirmed to its publisher.
     */
    public boolean losesOrDelays(QueueSetting setting) {
        if (setting == QueueSetting.QUEUE_TYPE) {
            return false;
        }
        return role == QueueRole.FAILED || role == QueueRole.RECEIPTS || role == QueueRole.FEEDBACK
                || setting != QueueSetting.DELIVERY_LIMIT;
    }
}
