package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.DeliveryStatus;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/**
 * LINK Mobility's delivery report, pushed to the gate's URL as JSON ({@code POST}) or as parameters ({@code GET},
 * form {@code POST}), as the gate is set up: {@code id} (the message id, {@code <id>$<part>} per part),
 * {@code refId} (our message id), {@code resultCode}, {@code operatorResultCode}, {@code timestamp}. It must be
 * answered 200. Authenticated with HTTP Basic credentials set on the gate.
 * Source: LINK Mobility SMS REST API v1.18 (provider-specs), delivery reports; codes in provider-notes.md 2.5.
 */
final class LinkMobilityReceipts implements ReceiptFormat {

    private final ReceiptsProperties.Basic credentials;
    private final JsonMapper json;

    LinkMobilityReceipts(ReceiptsProperties.Basic credentials, JsonMapper json) {
        this.credentials = credentials;
        this.json = json;
    }

    @Override
    public String provider() {
        return "linkmobility";
    }

    @Override
    public boolean accepts(String method) {
        return method.equals("GET") || method.equals("POST");
    }

    @Override
    public Verdict read(InboundRequest request) {
        if (!credentials.configured()) {
            return new Verdict.Rejected("rejected-unconfigured");
        }
        if (!BasicCredentials.valid(credentials, request.header("Authorization"))) {
            return new Verdict.Rejected("rejected-signature");
        }
        Map<String, String> fields = Fields.of(request, json);
        if (fields == null) {
            return new Verdict.Malformed("unreadable");
        }
        String id = Fields.token(fields.get("id"));
        String code = Fields.token(fields.get("resultCode"));
        if (id == null || code == null || !code.matches("\\d{1,9}")) {
            return new Verdict.Malformed("no id or resultCode");
        }
        // One report per part, "<id>$<part>": the message is the part before the '$'.
        int part = id.indexOf('$');
        String messageId = part > 0 ? id.substring(0, part) : id;
        return new Verdict.Accepted(List.of(new DeliveryReceipt(provider(), messageId,
                Fields.token(fields.get("refId"), Fields.MAX_REFERENCE_LENGTH), status(Integer.parseInt(code)), code,
                code, Fields.instant(fields.get("timestamp"), request.receivedAt()), request.receivedAt())));
    }

    /**
     * 1001 billed and delivered; 1000, 1005, 1007, 1008, 1011-1013 sent, queued or billing delayed (TEMP in the PDF);
     * 2000-2106 refused for the sender or destination (never sent); every other code final without delivery.
     */
    static DeliveryStatus status(int code) {
        if (code == 1001) {
            return DeliveryStatus.DELIVERED;
        }
        if (code == 1000 || code == 1005 || code == 1007 || code == 1008 || code >= 1011 && code <= 1013) {
            return DeliveryStatus.INTERMEDIATE;
        }
        if (code >= 2000 && code <= 2106) {
            return DeliveryStatus.FAILED;
        }
        return DeliveryStatus.UNDELIVERED;
    }
}
