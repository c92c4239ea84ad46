package dev.smsworker.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One delivery receipt (DLR, status callback) as the worker's receipt endpoints put it on the
 * {@code sms.receipts} queue, whatever the provider's format. Schema: {@code delivery-receipt.schema.json}.
 *
 * @param provider          the worker's provider name: {@code twilio}, {@code vonage}, {@code sinch},
 *                          {@code linkmobility}, {@code http}
 * @param providerMessageId the provider's id of the SMS (Twilio {@code MessageSid}, Vonage {@code messageId},
 *                          Sinch {@code batch_id}, LINK {@code id} without its {@code $part} suffix); null only when an
 *                          in-house gateway gave {@code clientReference} alone
 * @param clientReference   our messageId when the provider echoes it (Vonage {@code client-ref}, Sinch
 *                          {@code client_reference}, LINK {@code refId}), else null
 * @param status            the normalised verdict
 * @param providerStatus    the provider's own status word or code, as received (at most 64 characters)
 * @param errorCode         the provider's error code when it gave one ({@code 30003}), else null
 * @param at                when the provider says the status happened; when it does not say, when we received it
 * @param receivedAt        when the worker's endpoint received the receipt
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryReceipt(
        String provider,
        String providerMessageId,
        String clientReference,
        DeliveryStatus status,
        String providerStatus,
        String errorCode,
        Instant at,
        Instant receivedAt) {
}
