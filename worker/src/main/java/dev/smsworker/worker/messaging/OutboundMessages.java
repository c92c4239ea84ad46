package dev.smsworker.worker.messaging;

import dev.smsworker.contracts.Headers;
import dev.smsworker.worker.message.Failure;
import dev.smsworker.worker.message.MessageContext;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the message the worker republishes: the original body, cleaned headers, the worker's own headers. */
public final class OutboundMessages {

    /** Half of RabbitMQ's default frame_max: the rest is room for the worker's headers and properties. */
    static final int PUBLISHER_HEADERS_BUDGET = 64 * 1024;

    /**
     * Spring AMQP's headers for matching a returned message to its publish. The worker no longer
     * writes them (see {@link ConfirmedPublisher}), but messages republished by earlier versions
     * still carry them in the delay and failed queues.
     */
    private static final List<String> SPRING_RETURN_CORRELATION =
            List.of("spring_returned_message_correlation", "spring_listener_return_correlation");

    private OutboundMessages() {
    }

    /** For a delay queue: the failure of {@code context.attempt()} is recorded, the body is untouched. */
    public static Message forRetry(MessageContext context, Failure failure) {
        Message message = copy(context);
        Map<String, Object> headers = message.getMessageProperties().getHeaders();
        putFailure(headers, failure);
        return message;
    }

    /**
     * The copy to send again if a provider's receipt says the SMS was not delivered (issue 12): as the message would
     * be republished for a retry, without a failure, {@code sms-attempt} still this attempt's.
     */
    public static Message forResend(MessageContext context) {
        return copy(context);
    }

    /**
     * For a delay queue, held by a guard rule without an attempt made: {@code sms-attempt} stays at the attempts
     * made before ({@code context.attempt() - 1}), so the message comes back as the same attempt; the failure
     * headers of an earlier attempt, if any, are kept; {@code sms-held} names the rule and {@code sms-held-since}
     * says since when.
     *
     * @param rule  the rule's code, e.g. {@code spend-cap}
     * @param since when the message was first held
     */
    public static Message forHold(MessageContext context, String rule, Instant since) {
        Message message = copy(context);
        Map<String, Object> headers = message.getMessageProperties().getHeaders();
        headers.put(Headers.ATTEMPT, context.attempt() - 1);
        headers.put(Headers.HELD, rule);
        headers.put(Headers.HELD_SINCE, since.toString());
        return message;
    }

    /** For the failed queue: as for a retry, plus when it failed. */
    public static Message forFailed(MessageContext context, Failure failure, Instant failedAt) {
        Message message = forRetry(context, failure);
        Map<String, Object> headers = message.getMessageProperties().getHeaders();
        headers.put(Headers.FAILED_AT, failedAt.toString());
        if (context.segments() != null) {
            headers.put(Headers.ENCODING, context.segments().encoding().wireName());
            headers.put(Headers.SEGMENTS, context.segments().segments());
        }
        return message;
    }

    private static Message copy(MessageContext context) {
        MessageProperties in = context.original().getMessageProperties();
        MessageProperties out = new MessageProperties();
        out.setContentType(in.getContentType());
        out.setContentEncoding(in.getContentEncoding());
        out.setMessageId(context.messageId());
        out.setCorrelationId(context.correlationId());
        out.setTimestamp(in.getTimestamp());
        out.setType(in.getType());
        out.setAppId(in.getAppId());
        out.setPriority(in.getPriority());
        out.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        // Not copied: user-id (the broker rejects it unless it names our own user) and expiration
        // (a per-message TTL would cut a delay short; expiresAt is the contract's expiry).
        HeaderBudget.Fitted publishers = HeaderBudget.fit(withoutBrokerHeaders(in.getHeaders()), PUBLISHER_HEADERS_BUDGET);
        out.getHeaders().putAll(publishers.kept());
        Map<String, Object> headers = out.getHeaders();
        if (!publishers.dropped().isEmpty()) {
            headers.put(Headers.DROPPED_HEADERS, names(publishers.dropped()));
        }
        // Only a held copy says it is held (forHold puts them back): a retry or a failure after a hold is not one.
        headers.remove(Headers.HELD);
        headers.remove(Headers.HELD_SINCE);
        headers.put(Headers.CORRELATION_ID, context.correlationId());
        headers.put(Headers.ATTEMPT, context.attempt());
        headers.put(Headers.FIRST_ATTEMPT_AT, context.firstAttemptAt().toString());
        headers.put(Headers.SOURCE_QUEUE, context.sourceQueue());
        if (context.routingKey() != null) {
            headers.put(Headers.ROUTING_KEY, context.routingKey());
        }
        return new Message(context.original().getBody(), out);
    }

    /**
     * Drops the headers the broker writes. A republished message that keeps stale {@code x-death}
     * headers can be silently dropped by the broker's dead-letter cycle detection when it passes
     * the same delay queue again (after a replay, say).
     */
    static Map<String, Object> withoutBrokerHeaders(Map<String, Object> headers) {
        Map<String, Object> kept = new HashMap<>();
        headers.forEach((name, value) -> {
            if (!isBrokerHeader(name) && value != null) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    static boolean isBrokerHeader(String name) {
        return name.equals("x-death")
                || name.startsWith("x-first-death-")
                || name.startsWith("x-last-death-")
                || name.equals("x-delivery-count")
                || SPRING_RETURN_CORRELATION.contains(name);
    }

    /** At most 1,000 characters of names: thousands of small headers can be dropped at once. */
    private static String names(List<String> dropped) {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < dropped.size(); i++) {
            String next = (i == 0 ? "" : ",") + dropped.get(i);
            if (names.length() + next.length() > 1_000) {
                return names + " (+" + (dropped.size() - i) + " more)";
            }
            names.append(next);
        }
        return names.toString();
    }

    private static void putFailure(Map<String, Object> headers, Failure failure) {
        headers.put(Headers.ERROR_CLASS, failure.errorClass().name());
        putOrRemove(headers, Headers.ERROR_CODE, failure.code());
        putOrRemove(headers, Headers.ERROR_MESSAGE, failure.message());
        putOrRemove(headers, Headers.PROVIDER, failure.provider());
        putOrRemove(headers, Headers.PROVIDER_ERRORS, failure.providerErrors());
        addMaybeDelivered(headers, failure.maybeDelivered());
    }

    /** Longer than this, the header keeps its first entries and says how many more there were. */
    static final int MAYBE_DELIVERED_MAX_CHARS = 1_000;

    /**
     * {@code sms-maybe-delivered} is never removed once set: the copy keeps what earlier attempts recorded,
     * and this attempt's entries are added to it (each once), so a later failure for another reason can't hide
     * that an earlier attempt may have reached the handset.
     */
    static void addMaybeDelivered(Map<String, Object> headers, String entries) {
        if (entries == null || entries.isBlank()) {
            return;
        }
        Object previous = headers.get(Headers.MAYBE_DELIVERED);
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        for (String source : new String[]{previous == null ? "" : previous.toString(), entries}) {
            for (String entry : source.split(",")) {
                if (!entry.isBlank()) {
                    all.add(entry.strip());
                }
            }
        }
        String joined = String.join(", ", all);
        if (joined.length() > MAYBE_DELIVERED_MAX_CHARS) {
            joined = joined.substring(0, MAYBE_DELIVERED_MAX_CHARS) + " (cut)";
        }
        headers.put(Headers.MAYBE_DELIVERED, joined);
    }

    private static void putOrRemove(Map<String, Object> headers, String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
    }
}
