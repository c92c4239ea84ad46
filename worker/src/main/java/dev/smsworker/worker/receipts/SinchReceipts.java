package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.DeliveryStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Sinch's delivery report callback, JSON {@code POST}: {@code type} {@code delivery_report_sms} (per batch, a
 * {@code statuses} array of {@code {code, status, count}}) or {@code recipient_delivery_report_sms} (per recipient:
 * {@code code}, {@code status}, {@code at}); both with {@code batch_id} and {@code client_reference}. Sinch
 * authenticates callbacks with HTTP Basic credentials provisioned in the callback URL (through the account manager).
 * Source: https://developers.sinch.com/docs/sms/api-reference/sms/tag/Delivery-reports/ and the Webhooks section.
 */
final class SinchReceipts implements ReceiptFormat {

    private final ReceiptsProperties.Basic credentials;
    private final JsonMapper json;

    SinchReceipts(ReceiptsProperties.Basic credentials, JsonMapper json) {
        this.credentials = credentials;
        this.json = json;
    }

    @Override
    public String provider() {
        return "sinch";
    }

    @Override
    public boolean accepts(String method) {
        return method.equals("POST");
    }

    @Override
    public Verdict read(InboundRequest request) {
        if (!credentials.configured()) {
            return new Verdict.Rejected("rejected-unconfigured");
        }
        if (!BasicCredentials.valid(credentials, request.header("Authorization"))) {
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
        String type = text(body, "type");
        if (type == null || !type.startsWith("delivery_report_") && !type.startsWith("recipient_delivery_report_")) {
            // Inbound messages (mo_text, mo_binary) may share the callback URL: nothing to record, nothing to retry.
            return new Verdict.Ignored("not a delivery report");
        }
        String batch = Fields.token(text(body, "batch_id"));
        if (batch == null) {
            return new Verdict.Malformed("no batch_id");
        }
        String reference = Fields.token(text(body, "client_reference"), Fields.MAX_REFERENCE_LENGTH);
        List<DeliveryReceipt> receipts = new ArrayList<>();
        if (type.startsWith("recipient_")) {
            receipts.add(receipt(batch, reference, body, Fields.instant(text(body, "at"), request.receivedAt()), request));
        } else {
            for (JsonNode entry : body.path("statuses")) {
                receipts.add(receipt(batch, reference, entry, request.receivedAt(), request));
            }
        }
        if (receipts.isEmpty() || receipts.stream().anyMatch(r -> r.providerStatus() == null)) {
            return new Verdict.Malformed("no status");
        }
        return new Verdict.Accepted(receipts);
    }

    private DeliveryReceipt receipt(String batch, String reference, JsonNode node, java.time.Instant at, InboundRequest request) {
        String status = Fields.token(text(node, "status"));
        return new DeliveryReceipt(provider(), batch, reference, status == null ? DeliveryStatus.INTERMEDIATE : status(status),
                status, Fields.token(text(node, "code")), at, request.receivedAt());
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || !value.isValueNode() || value.isNull() ? null : value.asString();
    }

    /**
     * {@code Delivered}; {@code Queued} and {@code Dispatched} are on the way; {@code Aborted} and {@code Rejected}
     * never left Sinch; {@code Cancelled}, {@code Deleted}, {@code Expired}, {@code Failed}, {@code Unknown} are final
     * without delivery.
     */
    static DeliveryStatus status(String status) {
        return switch (status) {
            case "Delivered" -> DeliveryStatus.DELIVERED;
            case "Queued", "Dispatched" -> DeliveryStatus.INTERMEDIATE;
            case "Aborted", "Rejected" -> DeliveryStatus.FAILED;
            default -> DeliveryStatus.UNDELIVERED;
        };
    }
}
