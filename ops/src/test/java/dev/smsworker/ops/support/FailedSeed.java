package dev.smsworker.ops.support;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A failed message as the worker writes it (body untouched, AMQP ids, sms-* headers, published to the
 * sms.failed exchange under the original routing key), built field by field for tests.
 */
public final class FailedSeed {

    public static final String NUMBER = "+4791234567";

    private final String messageId;
    private String kind = "transactional";
    private String correlationId;
    private String errorClass = "EXHAUSTED";
    private String errorCode = "503";
    private String provider = "twilio";
    private Instant failedAt = Instant.now();
    private Instant firstAttemptAt;
    private Instant expiresAt;
    private String routingKeyHeader;
    private String envelopeKey;
    private int attempt = 4;
    private Integer replayCount;
    private boolean xDeath;
    private String rawBody;
    private String text;
    private boolean kindInBody = true;
    private String sourceQueue;
    private final Map<String, Object> extraHeaders = new HashMap<>();

    private FailedSeed(String messageId) {
        this.messageId = messageId;
        this.correlationId = "corr-" + messageId;
        this.text = "text of " + messageId;
    }

    public static FailedSeed message(String messageId) {
        return new FailedSeed(messageId);
    }

    public FailedSeed kind(String value) { kind = value; return this; }
    public FailedSeed correlationId(String value) { correlationId = value; return this; }
    public FailedSeed errorClass(String value) { errorClass = value; return this; }
    public FailedSeed errorCode(String value) { errorCode = value; return this; }
    public FailedSeed provider(String value) { provider = value; return this; }
    public FailedSeed failedAt(Instant value) { failedAt = value; return this; }
    public FailedSeed firstAttemptAt(Instant value) { firstAttemptAt = value; return this; }
    public FailedSeed expiresAt(Instant value) { expiresAt = value; return this; }
    public FailedSeed attempt(int value) { attempt = value; return this; }
    public FailedSeed replayCount(int value) { replayCount = value; return this; }
    public FailedSeed text(String value) { text = value; return this; }
    /** Leaves out the sms-routing-key header: the envelope's routing key must do. */
    public FailedSeed withoutRoutingKeyHeader() { routingKeyHeader = ""; return this; }
    /** Publishes to sms.failed under this key, and records it in sms-routing-key (unless left out). */
    public FailedSeed routingKey(String value) { envelopeKey = value; return this; }
    /** Adds the headers the broker writes when a work queue dead-letters: x-death and friends. */
    public FailedSeed withDeathHeaders() { xDeath = true; return this; }
    public FailedSeed rawBody(String value) { rawBody = value; return this; }
    /** Leaves {@code kind} out of the body: the lane (routing key or source queue) decides it, as in the worker. */
    public FailedSeed withoutKindInBody() { kindInBody = false; return this; }
    public FailedSeed sourceQueue(String value) { sourceQueue = value; return this; }
    /** Any header, e.g. {@code sms-maybe-delivered}, or one a publisher set. */
    public FailedSeed header(String name, Object value) { extraHeaders.put(name, value); return this; }

    public String body() {
        if (rawBody != null) {
            return rawBody;
        }
        return "{\"messageId\":\"" + json(messageId) + "\",\"to\":\"" + NUMBER + "\",\"body\":\"" + json(text) + "\""
                + (kindInBody ? ",\"kind\":\"" + kind + "\"" : "")
                + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + "}";
    }

    private static String json(String value) {
        StringBuilder out = new StringBuilder();
        value.chars().forEach(c -> out.append(c < 0x20 || c == '"' || c == '\\' ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }

    public String routingKey() {
        return envelopeKey != null ? envelopeKey : "send." + kind;
    }

    public AMQP.BasicProperties properties() {
        Map<String, Object> headers = new HashMap<>();
        headers.put(Headers.CORRELATION_ID, correlationId);
        headers.put(Headers.ATTEMPT, attempt);
        headers.put(Headers.FIRST_ATTEMPT_AT, (firstAttemptAt != null ? firstAttemptAt : failedAt.minusSeconds(30)).toString());
        headers.put(Headers.ERROR_CLASS, errorClass);
        headers.put(Headers.ERROR_CODE, errorCode);
        headers.put(Headers.ERROR_MESSAGE, "simulated " + errorCode);
        headers.put(Headers.PROVIDER, provider);
        headers.put(Headers.PROVIDER_ERRORS, provider + "=" + errorClass + ":" + errorCode);
        headers.put(Headers.FAILED_AT, failedAt.toString());
        headers.put(Headers.SOURCE_QUEUE, sourceQueue != null ? sourceQueue : kind.equals("otp") ? Topology.OTP_QUEUE : Topology.SEND_QUEUE);
        if (!"".equals(routingKeyHeader)) {
            headers.put(Headers.ROUTING_KEY, routingKey());
        }
        if (replayCount != null) {
            headers.put(Headers.REPLAY_COUNT, replayCount);
            headers.put(Headers.REPLAYED_AT, failedAt.minusSeconds(60).toString());
        }
        if (xDeath) {
            headers.put("x-death", List.of(Map.of("queue", Topology.SEND_QUEUE, "reason", "rejected", "count", 1L,
                    "exchange", Topology.EXCHANGE, "routing-keys", List.of(routingKey()))));
            headers.put("x-first-death-queue", Topology.SEND_QUEUE);
            headers.put("x-first-death-reason", "rejected");
            headers.put("x-first-death-exchange", Topology.EXCHANGE);
            headers.put("x-last-death-queue", Topology.SEND_QUEUE);
            headers.put("x-last-death-reason", "rejected");
            headers.put("x-last-death-exchange", Topology.EXCHANGE);
        }
        headers.putAll(extraHeaders);
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .messageId(messageId)
                .correlationId(correlationId)
                .timestamp(Date.from(failedAt.minusSeconds(30)))
                .headers(headers)
                .build();
    }

    /** As a scan would read it, for unit tests. */
    public dev.smsworker.ops.failed.FailedMessage read() {
        return dev.smsworker.ops.failed.FailedMessage.of(1, 0, routingKey(), properties(), body().getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes each to the sms.failed exchange and waits for the broker's confirms. */
    public static void publish(Channel channel, List<FailedSeed> seeds) throws IOException, InterruptedException, TimeoutException {
        channel.confirmSelect();
        for (FailedSeed seed : seeds) {
            channel.basicPublish(Topology.FAILED_EXCHANGE, seed.routingKey(), seed.properties(), seed.body().getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(10_000);
    }
}
