package dev.smsworker.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A status event on the {@code sms.events} exchange; the routing key is {@link #type()}.
 *
 * @param type              {@code sent}, {@code retrying} or {@code failed}; from delivery receipts
 *                          {@code delivered} or {@code undelivered} (receipt status undelivered or failed)
 * @param attempt           1-based number of the attempt this event reports
 * @param provider          the provider of that attempt, if one was called
 * @param providerMessageId the provider's id of the sent SMS ({@code sent}, {@code delivered}, {@code undelivered})
 * @param errorClass        why it was not sent ({@code retrying} and {@code failed} only)
 * @param errorCode         the provider's or the worker's error code (for {@code undelivered}: the receipt's, e.g. Twilio
 *                          {@code 30003})
 * @param at                when the worker decided the outcome; for receipt events, when the provider says the
 *                          status happened
 * @param providerStatus    receipt events only: the provider's own status word or code ({@code undelivered},
 *                          {@code expired}, {@code 1001})
 * @param sinceFirstAttemptMillis receipt events only: milliseconds from the message's first attempt to {@code at}
 *                          (for {@code delivered}: the time to delivery)
 * @param encoding          {@code gsm-7} or {@code ucs-2}: what the body is sent as; absent when it could not be read
 * @param segments          SMS segments the body takes, the unit providers bill; absent with {@code encoding}
 * @param estimatedCost     {@code sent} only: segments times the configured price for the provider and destination
 *                          country, in {@code sms.pricing.currency}; absent when no price is configured
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SmsEvent(
        String type,
        String messageId,
        String correlationId,
        Kind kind,
        int attempt,
        String provider,
        String providerMessageId,
        ErrorClass errorClass,
        String errorCode,
        Instant at,
        String providerStatus,
        Long sinceFirstAttemptMillis,
        String encoding,
        Integer segments,
        BigDecimal estimatedCost) {

    /** An event about a send with the body's measures (sent, retrying, failed): no receipt fields. */
    public SmsEvent(String type, String messageId, String correlationId, Kind kind, int attempt, String provider,
                    String providerMessageId, ErrorClass errorClass, String errorCode, Instant at,
                    String encoding, Integer segments, BigDecimal estimatedCost) {
        this(type, messageId, correlationId, kind, attempt, provider, providerMessageId, errorClass, errorCode, at,
                null, null, encoding, segments, estimatedCost);
    }

    /** An event from a delivery receipt (delivered, undelivered): no body measures. */
    public SmsEvent(String type, String messageId, String correlationId, Kind kind, int attempt, String provider,
                    String providerMessageId, ErrorClass errorClass, String errorCode, Instant at,
                    String providerStatus, Long sinceFirstAttemptMillis) {
        this(type, messageId, correlationId, kind, attempt, provider, providerMessageId, errorClass, errorCode, at,
                providerStatus, sinceFirstAttemptMillis, null, null, null);
    }

    public static final String SENT = "sent";
    public static final String RETRYING = "retrying";
    public static final String FAILED = "failed";
    public static final String DELIVERED = "delivered";
    public static final String UNDELIVERED = "undelivered";

    /** An event about a send without the body's measures (a body that could not be read) and no receipt fields. */
    public SmsEvent(String type, String messageId, String correlationId, Kind kind, int attempt, String provider,
                    String providerMessageId, ErrorClass errorClass, String errorCode, Instant at) {
        this(type, messageId, correlationId, kind, attempt, provider, providerMessageId, errorClass, errorCode, at,
                null, null, null, null, null);
    }
}
