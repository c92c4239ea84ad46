package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.DeliveryStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Locale;

/**
 * Receipts of in-house gateways (the generic {@code http} provider), a shape of our own:
 * <pre>
 * POST /receipts/http
 * X-Sms-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body, keyed with sms.receipts.http.secret&gt;
 * {"messageId": "&lt;the gateway's id, as in its send answer&gt;", "clientReference": "&lt;our messageId&gt;",
 *  "status": "delivered|undelivered|failed|intermediate", "errorCode": "...", "at": "2030-01-01T12:00:00Z"}
 * </pre>
 * {@code messageId} or {@code clientReference} is required, {@code status} too; the rest is optional.
 */
final class GatewayReceipts implements ReceiptFormat {

    static final String SIGNATURE_HEADER = "X-Sms-Signature";

    private final String secret;
    private final JsonMapper json;

    GatewayReceipts(String secret, JsonMapper json) {
        this.secret = secret;
        this.json = json;
    }

    static String signature(String secret, byte[] body) {
        return "sha256=" + Signatures.hex(Signatures.hmac("HmacSHA256", secret, body));
    }

    @Override
    public String provider() {
        return "http";
    }

    @Override
    public boolean accepts(String method) {
        return method.equals("POST");
    }

    @Override
    public Verdict read(InboundRequest request) {
        if (secret == null || secret.isEmpty()) {
            return new Verdict.Rejected("rejected-unconfigured");
        }
        if (!Signatures.sameHex(signature(secret, request.body()), request.header(SIGNATURE_HEADER))) {
            return new Verdict.Rejected("rejected-signature");
        }
        JsonNode body;
        try {
            body = json.readTree(request.body());
        } catch (RuntimeException e) {
            return new Verdict.Malformed("not JSON");
        }
        if (body == null || !body.isObject()) {
            return new Verdict.Malformed("not a JSON object");
        }
        String id = Fields.token(text(body, "messageId"));
        String reference = Fields.token(text(body, "clientReference"), Fields.MAX_REFERENCE_LENGTH);
        String status = Fields.token(text(body, "status"));
        DeliveryStatus normalised = status == null ? null : status(status);
        if (id == null && reference == null || normalised == null) {
            return new Verdict.Malformed("no messageId or clientReference, or no known status");
        }
        return new Verdict.Accepted(List.of(new DeliveryReceipt(provider(), id, reference, normalised, status,
                Fields.token(text(body, "errorCode")), Fields.instant(text(body, "at"), request.receivedAt()),
                request.receivedAt())));
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || !value.isValueNode() || value.isNull() ? null : value.asString();
    }

    private static DeliveryStatus status(String status) {
        for (DeliveryStatus candidate : DeliveryStatus.values()) {
            if (candidate.wireName().equals(status.toLowerCase(Locale.ROOT))) {
                return candidate;
            }
        }
        return null;
    }
}
