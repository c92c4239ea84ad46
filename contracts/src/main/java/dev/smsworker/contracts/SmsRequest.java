package dev.smsworker.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * A request to send one SMS, published as JSON to the {@code sms} exchange with routing key
 * {@code send.<kind>}. See {@code sms-request.schema.json} for the authoritative contract.
 *
 * @param messageId the publisher's id; if absent the AMQP message-id property is used, else the worker assigns one
 * @param to        the recipient in E.164 form, e.g. {@code +4791234567}
 * @param body      the text, 1 to {@value #MAX_BODY_LENGTH} characters
 * @param from      optional sender id (number or alphanumeric); providers use their configured one otherwise
 * @param kind      {@code otp}, {@code transactional} (the default) or {@code marketing}
 * @param expiresAt optional instant after which the SMS is never sent or retried; on the wire an RFC 3339 string
 *                  with an offset ({@code 2030-01-01T12:00:00Z}), never a number (its unit could not be known)
 * @param tags      optional string labels, carried through for the publisher's own use
 */
@JsonIgnoreProperties(ignoreUnknown = true) // forward compatibility: newer publishers may add fields
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SmsRequest(
        String messageId,
        String to,
        String body,
        String from,
        Kind kind,
        Instant expiresAt,
        Map<String, String> tags) {

    /** Providers concatenate at most 1,600 characters (Twilio's limit, error 21617). */
    public static final int MAX_BODY_LENGTH = 1600;

    public SmsRequest {
        tags = tags == null ? null : Map.copyOf(tags);
    }

    /** The kind, with the documented default applied. */
    public Kind kindOrDefault() {
        return kind == null ? Kind.TRANSACTIONAL : kind;
    }

    /** A minimal request: a transactional SMS without an id (the worker assigns one). */
    public static SmsRequest of(String to, String body) {
        return new SmsRequest(null, to, body, null, null, null, null);
    }

    public SmsRequest withMessageId(String newMessageId) {
        return new SmsRequest(newMessageId, to, body, from, kind, expiresAt, tags);
    }

    public SmsRequest withKind(Kind newKind) {
        return new SmsRequest(messageId, to, body, from, newKind, expiresAt, tags);
    }

    /** Never prints the body or the full number: records end up in logs by accident. */
    @Override
    public String toString() {
        return "SmsRequest[messageId=" + messageId + ", to=" + PhoneMask.mask(to) + ", body=<" +
                (body == null ? 0 : body.length()) + " chars>, kind=" + kind + ", expiresAt=" + expiresAt + "]";
    }
}
