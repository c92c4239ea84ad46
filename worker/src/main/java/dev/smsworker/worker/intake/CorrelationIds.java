package dev.smsworker.worker.intake;

import dev.smsworker.contracts.HeaderValues;
import dev.smsworker.contracts.Headers;
import dev.smsworker.worker.message.ProcessIds;
import org.springframework.amqp.core.MessageProperties;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the correlation id: the {@code correlation-id} header, else {@code x-correlation-id}, else the
 * AMQP correlation-id property, else a new one. It comes from outside and goes into every log line,
 * header and event, so its length and characters are bounded; one that breaks the bounds is skipped.
 */
public final class CorrelationIds {

    static final int MAX_LENGTH = 128;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:/@+=\\-]{1," + MAX_LENGTH + "}");

    private CorrelationIds() {
    }

    static String resolve(MessageProperties properties) {
        return find(properties).orElseGet(ProcessIds::uuid);
    }

    /** The publisher's correlation id by the rule above, or empty when it gave none within the bounds. */
    public static Optional<String> find(MessageProperties properties) {
        // Each candidate in turn, without a stream: this runs for every delivery (issue 16).
        Optional<String> header = allowed(HeaderValues.string(properties.getHeaders(), Headers.CORRELATION_ID).orElse(null));
        if (header.isPresent()) {
            return header;
        }
        Optional<String> xHeader = allowed(HeaderValues.string(properties.getHeaders(), Headers.X_CORRELATION_ID).orElse(null));
        if (xHeader.isPresent()) {
            return xHeader;
        }
        return allowed(properties.getCorrelationId());
    }

    /** The candidate without surrounding white space, if it is within the bounds; empty when absent or not. */
    private static Optional<String> allowed(String candidate) {
        if (candidate == null) {
            return Optional.empty();
        }
        String id = candidate.strip();
        return ALLOWED.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }
}
