package dev.smsworker.worker.recovery;

import com.rabbitmq.client.AMQP;
import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.contracts.HeaderValues;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.contracts.Validity;
import dev.smsworker.worker.intake.ReadResult;
import dev.smsworker.worker.intake.RequestReader;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One message read from {@code sms.failed}, judged for an automatic replay after {@code provider}'s
 * outage {@code [since, until]}. The guards are those of {@code sms-ops replay}: never a message that may
 * already have reached the handset, never an expired one (an OTP without {@code expiresAt} expires
 * {@code otpValidity} after its first attempt, and one we can't date counts as expired).
 */
record ReplayCandidate(String messageId, String routingKey, Verdict verdict) {

    /** What the pass does with it; every verdict but {@link #REPLAY} leaves it in {@code sms.failed}. */
    enum Verdict {
        REPLAY, NOT_THIS_OUTAGE, MAYBE_DELIVERED, EXPIRED, NO_ROUTING_KEY, UNREADABLE,
        /** A second copy of an id already replayed in this pass. */
        DUPLICATE,
        /** The broker returned or nacked the copy: the original stays. */
        REFUSED
    }

    static ReplayCandidate judge(AMQP.BasicProperties properties, String receivedRoutingKey, byte[] body,
                                 Outage outage, RequestReader reader, Duration otpValidity, Instant now) {
        Map<String, Object> headers = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        String messageId = properties.getMessageId();
        String routingKey = text(headers, Headers.ROUTING_KEY);
        if (routingKey == null || routingKey.isEmpty()) {
            routingKey = receivedRoutingKey == null || receivedRoutingKey.isEmpty() ? null : receivedRoutingKey;
        }
        if (!outage.causedFailure(headers)) {
            return new ReplayCandidate(messageId, routingKey, Verdict.NOT_THIS_OUTAGE);
        }
        if (headers.containsKey(Headers.MAYBE_DELIVERED)) {
            return new ReplayCandidate(messageId, routingKey, Verdict.MAYBE_DELIVERED);
        }
        if (!(reader.read(body) instanceof ReadResult.Valid valid)) {
            return new ReplayCandidate(messageId, routingKey, Verdict.UNREADABLE);
        }
        if (expired(valid.request(), routingKey, instant(headers, Headers.FIRST_ATTEMPT_AT), otpValidity, now)) {
            return new ReplayCandidate(messageId, routingKey, Verdict.EXPIRED);
        }
        if (routingKey == null || messageId == null) {
            return new ReplayCandidate(messageId, routingKey, Verdict.NO_ROUTING_KEY);
        }
        return new ReplayCandidate(messageId, routingKey, Verdict.REPLAY);
    }

    private static boolean expired(SmsRequest request, String routingKey, Instant firstAttemptAt, Duration otpValidity, Instant now) {
        // Without a kind in the body, the lane's: a request published to send.otp is an OTP.
        Kind kind = request.kind() != null ? request.kind() : Kind.OTP.routingKey().equals(routingKey) ? Kind.OTP : null;
        return Validity.expired(request.expiresAt(), kind, firstAttemptAt, otpValidity, now);
    }

    /** A provider's outage: which failures it caused. */
    record Outage(String provider, Instant since, Instant until) {

        /** EXHAUSTED, failed within the outage, with this provider among those tried, and not replayed since it began. */
        boolean causedFailure(Map<String, Object> headers) {
            if (!ErrorClass.EXHAUSTED.name().equals(text(headers, Headers.ERROR_CLASS))) {
                return false;
            }
            Instant failedAt = instant(headers, Headers.FAILED_AT);
            if (failedAt == null || failedAt.isBefore(since) || failedAt.isAfter(until)) {
                return false;
            }
            // Replayed (by ops or by us) during this outage and failed again: a second replay would loop.
            Instant replayedAt = instant(headers, Headers.REPLAYED_AT);
            if (replayedAt != null && !replayedAt.isBefore(since)) {
                return false;
            }
            String errors = text(headers, Headers.PROVIDER_ERRORS);
            return provider.equals(text(headers, Headers.PROVIDER))
                    || (errors != null && (errors.startsWith(provider + "=") || errors.contains("; " + provider + "=")));
        }
    }

    /** Text as the contract reads it ({@link HeaderValues}); null when absent. */
    static String text(Map<String, Object> headers, String name) {
        return HeaderValues.string(headers, name).orElse(null);
    }

    /** An RFC 3339 instant ({@link HeaderValues}); null when absent or anything else. */
    static Instant instant(Map<String, Object> headers, String name) {
        return HeaderValues.instant(headers, name).orElse(null);
    }
}
