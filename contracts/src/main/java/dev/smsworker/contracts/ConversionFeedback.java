package dev.smsworker.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * "The code was used": what a login service publishes to the {@value Topology#EXCHANGE} exchange with routing key
 * {@value Topology#FEEDBACK_ROUTING_KEY} once the user entered the one-time code an SMS carried. The worker counts
 * one conversion per message, by the provider that sent it and the destination country
 * [{@code sms_conversions_total{provider,country,kind}}]. Schema: {@code conversion-feedback.schema.json}.
 *
 * <p>Publish it persistent, mandatory and with a publisher confirm, with the correlation id of the request in the
 * {@value Headers#CORRELATION_ID} header if you have it; sending it twice is harmless (counted once per message).
 *
 * @param messageId  the {@code messageId} of the {@link SmsRequest} whose code was used (1-128 printable ASCII, the
 *                   request's own rule); required
 * @param verifiedAt when the code was used, an RFC 3339 string with an offset ({@link Rfc3339}); optional, the
 *                   worker takes the time it reads the feedback when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversionFeedback(String messageId, Instant verifiedAt) {

    /** Feedback for {@code messageId}, used now. */
    public static ConversionFeedback of(String messageId) {
        return new ConversionFeedback(messageId, Instant.now());
    }
}
