package dev.smsworker.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A status event on the {@code sms.events} exchange; the routing key is {@link #type()}.
 *
 * @param type              {@code sent}, {@code retrying} or {@code failed}
 * @param attempt           1-based number of the attempt this event reports
 * @param provider          the provider of that attempt, if one was called
 * @param providerMessageId the provider's id of the sent SMS ({@code sent} only)
 * @param errorClass        why it was not sent ({@code retrying} and {@code failed} only)
 * @param errorCode         the provider's or the worker's error code
 * @param at                when the worker decided the outcome
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
        String encoding,
        Integer segments,
        BigDecimal estimatedCost) {

    /** An event without the body's measures (a body that could not be read, or a caller that has none). */
    public SmsEvent(String type, String messageId, String correlationId, Kind kind, int attempt, String provider,
                    String providerMessageId, ErrorClass errorClass, String errorCode, Instant at) {
        this(type, messageId, correlationId, kind, attempt, provider, providerMessageId, errorClass, errorCode, at,
                null, null, null);
    }

    public static final String SENT = "sent";
    public static final String RETRYING = "retrying";
    public static final String FAILED = "failed";
}
