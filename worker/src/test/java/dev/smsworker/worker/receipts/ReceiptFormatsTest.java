package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.DeliveryStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Each provider's receipt: what passes its check, and what it reads. No network: requests are built here. */
class ReceiptFormatsTest {

    static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static InboundRequest post(String path, String contentType, String body, Map<String, String> headers) {
        Map<String, List<String>> all = new TreeMap<>();
        all.put("content-type", List.of(contentType));
        headers.forEach((name, value) -> all.put(name.toLowerCase(), List.of(value)));
        return new InboundRequest("POST", path, null, all, body.getBytes(StandardCharsets.UTF_8), NOW);
    }

    static DeliveryReceipt only(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
        List<DeliveryReceipt> receipts = ((Verdict.Accepted) verdict).receipts();
        assertThat(receipts).hasSize(1);
        return receipts.getFirst();
    }

    @Test
    void twilioNeedsItsTokenAndThePublicUrl() {
        InboundRequest request = post("/receipts/twilio", "application/x-www-form-urlencoded", "MessageSid=SM1&MessageStatus=sent", Map.of());
        assertThat(new TwilioReceipts(null, "https://x").read(request)).isEqualTo(new Verdict.Rejected("rejected-unconfigured"));
        assertThat(new TwilioReceipts("t", null).read(request)).isEqualTo(new Verdict.Rejected("rejected-unconfigured"));
        assertThat(new TwilioReceipts("t", "https://x").read(request)).isEqualTo(new Verdict.Rejected("rejected-signature"));
    }

    @Test
    void twilioSignedWithTheQueryStringReadsTheReferenceAndTheCode() {
        String body = "ErrorCode=30003&MessageSid=SM1&MessageStatus=undelivered";
        String signature = TwilioSignature.of("t", "https://sms.example.com/receipts/twilio?ref=m-1", FormData.parse(body));
        InboundRequest request = new InboundRequest("POST", "/receipts/twilio", "ref=m-1",
                Map.of("content-type", List.of("application/x-www-form-urlencoded"), "x-twilio-signature", List.of(signature)),
                body.getBytes(StandardCharsets.UTF_8), NOW);

        DeliveryReceipt receipt = only(new TwilioReceipts("t", "https://sms.example.com/").read(request));

        assertThat(receipt).isEqualTo(new DeliveryReceipt("twilio", "SM1", "m-1", DeliveryStatus.UNDELIVERED, "undelivered", "30003", NOW, NOW));
    }

    @Test
    void vonageChecksSigAndTimestampWithEachMethod() {
        for (String method : List.of("md5hash", "md5", "sha1", "sha256", "sha512")) {
            ReceiptsProperties.Vonage settings = new ReceiptsProperties.Vonage("secret", method, Duration.ofMinutes(5));
            Map<String, String> fields = new TreeMap<>(Map.of("messageId", "0A01", "status", "delivered", "err-code", "0",
                    "client-ref", "m-1", "message-timestamp", "2030-01-01 11:59:58", "timestamp", String.valueOf(NOW.getEpochSecond()),
                    "nonce", "n&=1"));
            fields.put("sig", VonageSignature.of(method, "secret", fields));

            DeliveryReceipt receipt = only(new VonageReceipts(settings, JSON, CLOCK).read(post("/receipts/vonage", "application/json",
                    JSON.writeValueAsString(fields), Map.of())));

            assertThat(receipt).as(method).isEqualTo(new DeliveryReceipt("vonage", "0A01", "m-1", DeliveryStatus.DELIVERED, "delivered",
                    "0", Instant.parse("2030-01-01T11:59:58Z"), NOW));
            fields.put("status", "failed");
            assertThat(new VonageReceipts(settings, JSON, CLOCK).read(post("/receipts/vonage", "application/json",
                    JSON.writeValueAsString(fields), Map.of()))).as(method).isEqualTo(new Verdict.Rejected("rejected-signature"));
        }
    }

    @Test
    void vonageRefusesAnOldSignedReceiptAndReadsQueryParameters() {
        ReceiptsProperties.Vonage settings = new ReceiptsProperties.Vonage("secret", "sha256", Duration.ofMinutes(5));
        Map<String, String> fields = new TreeMap<>(Map.of("messageId", "0A01", "status", "expired", "err-code", "1",
                "timestamp", String.valueOf(NOW.minusSeconds(600).getEpochSecond())));
        fields.put("sig", VonageSignature.of("sha256", "secret", fields));
        StringBuilder query = new StringBuilder();
        fields.forEach((name, value) -> query.append(query.isEmpty() ? "" : "&").append(name).append('=').append(value));
        InboundRequest old = new InboundRequest("GET", "/receipts/vonage", query.toString(), Map.of(), new byte[0], NOW);
        assertThat(new VonageReceipts(settings, JSON, CLOCK).read(old)).isEqualTo(new Verdict.Rejected("rejected-signature"));

        Clock then = Clock.fixed(NOW.minusSeconds(600), ZoneOffset.UTC);
        DeliveryReceipt receipt = only(new VonageReceipts(settings, JSON, then).read(old));
        assertThat(receipt.status()).isEqualTo(DeliveryStatus.UNDELIVERED);
        assertThat(receipt.errorCode()).isEqualTo("1");
    }

    @Test
    void sinchNeedsBasicCredentialsAndReadsARecipientReport() {
        ReceiptsProperties.Basic credentials = new ReceiptsProperties.Basic("sinch", "pw");
        String body = "{\"type\":\"recipient_delivery_report_sms\",\"batch_id\":\"01FC66621XXXXX119Z8PMV1QPQ\",\"recipient\":\"46700000000\","
                + "\"code\":402,\"status\":\"Aborted\",\"at\":\"2030-01-01T11:59:00.000Z\",\"client_reference\":\"m-1\"}";
        String authorization = "Basic " + Base64.getEncoder().encodeToString("sinch:pw".getBytes(StandardCharsets.UTF_8));

        assertThat(new SinchReceipts(credentials, JSON).read(post("/receipts/sinch", "application/json", body, Map.of())))
                .isEqualTo(new Verdict.Rejected("rejected-signature"));
        DeliveryReceipt receipt = only(new SinchReceipts(credentials, JSON).read(post("/receipts/sinch", "application/json", body,
                Map.of("Authorization", authorization))));

        assertThat(receipt).isEqualTo(new DeliveryReceipt("sinch", "01FC66621XXXXX119Z8PMV1QPQ", "m-1", DeliveryStatus.FAILED, "Aborted",
                "402", Instant.parse("2030-01-01T11:59:00Z"), NOW));
        assertThat(new SinchReceipts(credentials, JSON).read(post("/receipts/sinch", "application/json",
                "{\"type\":\"mo_text\",\"body\":\"hi\"}", Map.of("Authorization", authorization)))).isInstanceOf(Verdict.Ignored.class);
    }

    @Test
    void linkMobilityReportsAPartOfTheMessageAndItsResultCode() {
        ReceiptsProperties.Basic credentials = new ReceiptsProperties.Basic("link", "pw");
        String authorization = "Basic " + Base64.getEncoder().encodeToString("link:pw".getBytes(StandardCharsets.UTF_8));
        String body = "{\"refId\":\"m-1\",\"id\":\"7d1a$2\",\"operator\":\"no.telenor\",\"resultCode\":2106,\"operatorResultCode\":\"0\","
                + "\"segments\":1}";

        DeliveryReceipt receipt = only(new LinkMobilityReceipts(credentials, JSON).read(post("/receipts/linkmobility", "application/json",
                body, Map.of("Authorization", authorization))));

        assertThat(receipt).isEqualTo(new DeliveryReceipt("linkmobility", "7d1a", "m-1", DeliveryStatus.FAILED, "2106", "2106", NOW, NOW));
        assertThat(LinkMobilityReceipts.status(1001)).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(LinkMobilityReceipts.status(1005)).isEqualTo(DeliveryStatus.INTERMEDIATE);
        assertThat(LinkMobilityReceipts.status(1002)).isEqualTo(DeliveryStatus.UNDELIVERED);
    }

    @Test
    void theGatewaySignsTheRawBody() {
        String body = "{\"messageId\":\"gw-1\",\"clientReference\":\"m-1\",\"status\":\"delivered\",\"at\":\"2030-01-01T11:59:30Z\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        DeliveryReceipt receipt = only(new GatewayReceipts("k", JSON).read(post("/receipts/http", "application/json", body,
                Map.of("X-Sms-Signature", GatewayReceipts.signature("k", bytes)))));

        assertThat(receipt).isEqualTo(new DeliveryReceipt("http", "gw-1", "m-1", DeliveryStatus.DELIVERED, "delivered", null,
                Instant.parse("2030-01-01T11:59:30Z"), NOW));
        assertThat(new GatewayReceipts("k", JSON).read(post("/receipts/http", "application/json", body.replace("delivered", "failed"),
                Map.of("X-Sms-Signature", GatewayReceipts.signature("k", bytes))))).isEqualTo(new Verdict.Rejected("rejected-signature"));
    }
}
