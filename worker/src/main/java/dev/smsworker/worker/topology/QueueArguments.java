package dev.smsworker.worker.topology;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The {@code x-} arguments of our queues, per queue type. */
final class QueueArguments {

    private final QueueType type;

    QueueArguments(QueueType type) {
        this.type = type;
    }

    /** A queue whose rejected or expired messages go to {@code deadLetterExchange}, never dropped. */
    Map<String, Object> deadLettering(String deadLetterExchange) {
        Map<String, Object> args = base();
        args.put("x-dead-letter-exchange", deadLetterExchange);
        if (type == QueueType.QUORUM) {
            // Quorum dead-lettering is at-most-once unless at-least-once is asked for, and that needs
            // reject-publish: a full queue must push back on publishers, not drop its head.
            args.put("x-dead-letter-strategy", "at-least-once");
            args.put("x-overflow", "reject-publish");
        }
        return args;
    }

    /** A delay queue: messages wait {@code ttl}, then dead-letter to {@code returnExchange} under their own routing key. */
    Map<String, Object> delay(Duration ttl, String returnExchange) {
        Map<String, Object> args = deadLettering(returnExchange);
        args.put("x-message-ttl", ttl.toMillis());
        return args;
    }

    /** A queue that keeps everything until someone takes it out: no TTL, no length limit. */
    Map<String, Object> keepForever() {
        return base();
    }

    private Map<String, Object> base() {
        Map<String, Object> args = new HashMap<>();
        args.put("x-queue-type", type == QueueType.QUORUM ? "quorum" : "classic");
        return args;
    }
}
