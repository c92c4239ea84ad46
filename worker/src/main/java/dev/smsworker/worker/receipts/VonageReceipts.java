package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.DeliveryStatus;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Vonage's SMS API delivery receipt: {@code messageId}, {@code status}, {@code err-code}, {@code client-ref},
 * {@code message-timestamp}, and with signing on {@code timestamp}, {@code nonce}, {@code sig}. Vonage sends it as
 * JSON ({@code POST}), or as query parameters ({@code GET}) or a form when the account is set so.
 * Source: the {@code DeliveryReceipt} schema of Vonage's SMS OpenAPI (provider-specs/vonage-sms.yml).
 */
final class VonageReceipts implements ReceiptFormat {

    private static final DateTimeFormatter MESSAGE_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ReceiptsProperties.Vonage settings;
    private final JsonMapper json;
    private final Clock clock;

    VonageReceipts(ReceiptsProperties.Vonage settings, JsonMapper json, Clock clock) {
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String provider() {
        return "vonage";
    }

    @Override
    public boolean accepts(String method) {
        return method.equals("GET") || method.equals("POST");
    }

    @Override
    public Verdict read(InboundRequest request) {
        String secret = settings.signatureSecret();
        if (secret == null || secret.isEmpty()) {
            return new Verdict.Rejected("rejected-unconfigured");
        }
        Map<String, String> fields = Fields.of(request, json);
        if (fields == null || !signed(secret, fields)) {
            return new Verdict.Rejected("rejected-signature");
        }
        String id = Fields.token(fields.get("messageId"));
        String status = Fields.token(fields.get("status"));
        if (id == null || status == null) {
            return new Verdict.Malformed("no messageId or status");
        }
        return new Verdict.Accepted(List.of(new DeliveryReceipt(provider(), id,
                Fields.token(fields.get("client-ref"), Fields.MAX_REFERENCE_LENGTH), status(status), status,
                Fields.token(fields.get("err-code")), at(fields.get("message-timestamp"), request.receivedAt()),
                request.receivedAt())));
    }

    /** A valid {@code sig}, and a {@code timestamp} within the allowed skew so an old receipt can't be replayed. */
    private boolean signed(String secret, Map<String, String> fields) {
        String timestamp = fields.get("timestamp");
        if (timestamp == null || !timestamp.matches("\\d{1,12}")) {
            return false;
        }
        Duration skew = Duration.between(Instant.ofEpochSecond(Long.parseLong(timestamp)), clock.instant()).abs();
        if (skew.compareTo(settings.maxClockSkew()) > 0) {
            return false;
        }
        return Signatures.sameHex(VonageSignature.of(settings.signatureMethod(), secret, fields), fields.get("sig"));
    }

    /** {@code message-timestamp} is {@code yyyy-MM-dd HH:mm:ss} in UTC; else when we received the receipt. */
    private static Instant at(String value, Instant fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return LocalDateTime.parse(value, MESSAGE_TIMESTAMP).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    /**
     * {@code delivered}; {@code failed} and {@code expired} (the carrier did not deliver) are undelivered;
     * {@code rejected} (refused before the carrier) failed; {@code accepted}, {@code buffered} and {@code unknown}
     * are on the way or not known yet.
     */
    static DeliveryStatus status(String status) {
        return switch (status) {
            case "delivered" -> DeliveryStatus.DELIVERED;
            case "failed", "expired" -> DeliveryStatus.UNDELIVERED;
            case "rejected" -> DeliveryStatus.FAILED;
            default -> DeliveryStatus.INTERMEDIATE;
        };
    }
}
