package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.DeliveryStatus;

import java.util.List;
import java.util.Map;

/**
 * Twilio's status callback: {@code POST}, form-encoded, {@code MessageSid}, {@code MessageStatus} and, on failure,
 * {@code ErrorCode}; Twilio adds fields without notice, which the signature covers all the same.
 * Source: https://www.twilio.com/docs/messaging/guides/outbound-message-status-in-status-callbacks.
 * A {@code ref} query parameter on the callback URL, when the send put one there, is taken as our message id.
 */
final class TwilioReceipts implements ReceiptFormat {

    static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    private final String authToken;
    private final String publicUrl;

    TwilioReceipts(String authToken, String publicUrl) {
        this.authToken = authToken;
        this.publicUrl = publicUrl == null ? null : publicUrl.replaceAll("/+$", "");
    }

    @Override
    public String provider() {
        return "twilio";
    }

    @Override
    public boolean accepts(String method) {
        return method.equals("POST");
    }

    @Override
    public Verdict read(InboundRequest request) {
        if (authToken == null || authToken.isEmpty() || publicUrl == null || publicUrl.isEmpty()) {
            return new Verdict.Rejected("rejected-unconfigured");
        }
        Map<String, List<String>> form;
        try {
            form = request.isForm() ? FormData.parse(request.bodyText()) : Map.of();
        } catch (IllegalArgumentException e) {
            return new Verdict.Rejected("rejected-signature");
        }
        String url = publicUrl + request.path() + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
        if (!TwilioSignature.valid(authToken, url, form, request.header(SIGNATURE_HEADER))) {
            return new Verdict.Rejected("rejected-signature");
        }
        Map<String, String> fields = FormData.single(form);
        String sid = Fields.token(fields.get("MessageSid"));
        String status = Fields.token(fields.get("MessageStatus"));
        if (sid == null || status == null) {
            return new Verdict.Malformed("no MessageSid or MessageStatus");
        }
        String reference = null;
        try {
            reference = Fields.token(FormData.single(FormData.parse(request.rawQuery())).get("ref"), Fields.MAX_REFERENCE_LENGTH);
        } catch (IllegalArgumentException e) {
            // Signed by Twilio, so the URL is the one we gave it; an unreadable ref only loses the fallback.
        }
        return new Verdict.Accepted(List.of(new DeliveryReceipt(provider(), sid, reference, status(status), status,
                Fields.token(fields.get("ErrorCode")), request.receivedAt(), request.receivedAt())));
    }

    /**
     * Final: {@code delivered}, {@code undelivered} (the carrier reported non-delivery), {@code failed} (never sent),
     * {@code canceled}; {@code read} (WhatsApp, RCS) implies delivered. The rest ({@code queued}, {@code sending},
     * {@code sent}, {@code accepted}, {@code scheduled}, {@code partially_delivered}, ...) are on the way.
     */
    static DeliveryStatus status(String status) {
        return switch (status) {
            case "delivered", "read" -> DeliveryStatus.DELIVERED;
            case "undelivered" -> DeliveryStatus.UNDELIVERED;
            case "failed", "canceled" -> DeliveryStatus.FAILED;
            default -> DeliveryStatus.INTERMEDIATE;
        };
    }
}
