package dev.smsworker.worker.intake;

import dev.smsworker.contracts.HeaderValues;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Topology;
import org.springframework.amqp.core.MessageProperties;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a delivery comes from, and so which of the worker's own {@code sms-*} headers on it are believed.
 * The {@code sms-} prefix is the worker's and sms-ops' namespace: a publisher may set {@code correlation-id},
 * {@code x-correlation-id} and any header outside it, never one inside it. A publisher's {@code sms-attempt: 99}
 * would otherwise exhaust its message at once, an old {@code sms-first-attempt-at} expire an OTP, and a stale
 * {@code sms-maybe-delivered} (copied from a consumed message) keep a replay back.
 * <ul>
 *   <li>{@link #DELAY_QUEUE}: dead-lettered by the broker from one of our delay queues ({@code x-death} names an
 *       {@code sms.retry.*} queue, reason {@code expired}): every {@code sms-*} header is the worker's own.</li>
 *   <li>{@link #REPLAY}: republished by {@code sms-ops replay} ({@code sms-replay-count} of 1 or more), which
 *       removes the attempt and failure headers and keeps the first attempt, the maybe- and undelivered marks and its own.</li>
 *   <li>{@link #PUBLISHER}: anything else, a first delivery: every {@code sms-*} header is removed unread.</li>
 * </ul>
 * A publisher could still forge {@code x-death} or {@code sms-replay-count}, but only on purpose, and only
 * against its own message: the most it gets is fewer retries or an earlier expiry.
 */
enum Provenance {
    PUBLISHER, DELAY_QUEUE, REPLAY;

    static final String RESERVED_PREFIX = "sms-";
    /** What sms-ops replay carries over; the rest of the namespace it strips before it republishes. */
    private static final Set<String> KEPT_BY_REPLAY = Set.of(Headers.FIRST_ATTEMPT_AT, Headers.MAYBE_DELIVERED,
            Headers.REPLAY_COUNT, Headers.REPLAYED_AT, Headers.ROUTING_KEY, Headers.DROPPED_HEADERS,
            // A replayed failover copy stays that copy: its own claim, not through the providers that failed it.
            Headers.UNDELIVERED_BY);

    static Provenance of(MessageProperties properties) {
        if (fromDelayQueue(properties.getHeaders().get("x-death"))) {
            return DELAY_QUEUE;
        }
        if (HeaderValues.count(properties.getHeaders(), Headers.REPLAY_COUNT) > 0) {
            return REPLAY;
        }
        return PUBLISHER;
    }

    /** Whether this source may have written header {@code name}; headers outside our namespace always pass. */
    boolean believes(String name) {
        if (!name.startsWith(RESERVED_PREFIX)) {
            return true;
        }
        return switch (this) {
            case DELAY_QUEUE -> true;
            case REPLAY -> KEPT_BY_REPLAY.contains(name);
            case PUBLISHER -> false;
        };
    }

    /** Removes the {@code sms-*} headers this source can't have written; returns how many. */
    int strip(MessageProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        int before = headers.size();
        headers.keySet().removeIf(name -> !believes(name));
        return before - headers.size();
    }

    private static boolean fromDelayQueue(Object xDeath) {
        if (!(xDeath instanceof List<?> deaths)) {
            return false;
        }
        for (Object death : deaths) {
            if (death instanceof Map<?, ?> entry
                    && Topology.isDelayQueue(String.valueOf(entry.get("queue")))
                    && "expired".equals(String.valueOf(entry.get("reason")))) {
                return true;
            }
        }
        return false;
    }
}
