package dev.smsworker.ops.failed;

import dev.smsworker.contracts.Kind;

import java.time.Instant;
import java.util.Set;

/**
 * Which failed messages a command acts on. Every criterion given must match; a criterion with several
 * values matches any of them. Empty sets and null instants match everything.
 *
 * @param since inclusive, on {@code sms-failed-at}; a message without that header never matches a time criterion
 * @param until exclusive, on {@code sms-failed-at}
 */
public record MessageFilter(Set<String> errorClasses, Set<String> errorCodes, Set<String> providers, Set<Kind> kinds,
                            Instant since, Instant until, Set<String> messageIds) {

    public static final MessageFilter ALL = new MessageFilter(Set.of(), Set.of(), Set.of(), Set.of(), null, null, Set.of());

    public MessageFilter {
        errorClasses = Set.copyOf(errorClasses);
        errorCodes = Set.copyOf(errorCodes);
        providers = Set.copyOf(providers);
        kinds = Set.copyOf(kinds);
        messageIds = Set.copyOf(messageIds);
    }

    public boolean matches(FailedMessage message) {
        return anyOf(errorClasses, message.errorClass())
                && anyOf(errorCodes, message.errorCode())
                && anyOf(providers, message.provider())
                && (kinds.isEmpty() || kinds.contains(message.kind()))
                && anyOf(messageIds, message.messageId())
                && within(message.failedAt());
    }

    public boolean isEverything() {
        return equals(ALL);
    }

    private boolean within(Instant failedAt) {
        if (since == null && until == null) {
            return true;
        }
        if (failedAt == null) {
            return false;
        }
        return (since == null || !failedAt.isBefore(since)) && (until == null || failedAt.isBefore(until));
    }

    private static boolean anyOf(Set<String> wanted, String actual) {
        return wanted.isEmpty() || (actual != null && wanted.contains(actual));
    }
}
