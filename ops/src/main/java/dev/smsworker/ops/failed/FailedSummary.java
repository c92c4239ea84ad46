package dev.smsworker.ops.failed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Failed messages grouped by why they failed: error class, error code, provider and kind. */
public final class FailedSummary {

    private final Map<Key, Group> groups = new LinkedHashMap<>();
    private int total;
    private int maybeDelivered;

    public void add(FailedMessage message) {
        total++;
        Key key = new Key(message.errorClass(), message.errorCode(), message.provider(),
                message.kind() == null ? null : message.kind().wireName());
        groups.merge(key, Group.of(key, message.failedAt(), message.maybeDelivered() != null), Group::merge);
        maybeDelivered += message.maybeDelivered() != null ? 1 : 0;
    }

    public int total() {
        return total;
    }

    /** How many carry {@code sms-maybe-delivered}: an earlier attempt may have reached the handset. */
    public int maybeDelivered() {
        return maybeDelivered;
    }

    /** Largest group first; ties in a stable order of their keys. */
    public List<Group> groups() {
        List<Group> sorted = new ArrayList<>(groups.values());
        sorted.sort(Comparator.comparingInt(Group::count).reversed()
                .thenComparing(group -> Objects.toString(group.errorClass(), ""))
                .thenComparing(group -> Objects.toString(group.errorCode(), ""))
                .thenComparing(group -> Objects.toString(group.provider(), ""))
                .thenComparing(group -> Objects.toString(group.kind(), "")));
        return sorted;
    }

    private record Key(String errorClass, String errorCode, String provider, String kind) {
    }

    /**
     * @param oldest the earliest {@code sms-failed-at} in the group; null when no message has one
     * @param newest the latest
     * @param maybeDelivered how many of the group carry {@code sms-maybe-delivered}
     */
    public record Group(String errorClass, String errorCode, String provider, String kind, int count, int maybeDelivered,
                        Instant oldest, Instant newest) {

        static Group of(Key key, Instant failedAt, boolean maybeDelivered) {
            return new Group(key.errorClass(), key.errorCode(), key.provider(), key.kind(), 1, maybeDelivered ? 1 : 0, failedAt, failedAt);
        }

        Group merge(Group other) {
            return new Group(errorClass, errorCode, provider, kind, count + other.count, maybeDelivered + other.maybeDelivered,
                    earliest(oldest, other.oldest), latest(newest, other.newest));
        }

        private static Instant earliest(Instant a, Instant b) {
            return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
        }

        private static Instant latest(Instant a, Instant b) {
            return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
        }
    }
}
