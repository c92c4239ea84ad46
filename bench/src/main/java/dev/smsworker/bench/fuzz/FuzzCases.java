package dev.smsworker.bench.fuzz;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The fuzz run's inputs, by category, from a seed (the same seed gives the same cases). Every case
 * carries the {@link FuzzCase#ID_HEADER} header; controls are valid requests whose text starts with the id.
 */
final class FuzzCases {

    static final String VALID_TO = "+4791234567";
    private static final List<String> FIELDS = List.of("messageId", "to", "body", "from", "kind", "expiresAt", "tags");
    private static final List<String> WRONG_VALUES = List.of("null", "true", "42", "-1.5", "[]", "[\"+4791234567\"]", "{}",
            "{\"to\":\"+4791234567\"}", "\"\"", "\" \"", "\"\\u0000\"");
    private static final byte[][] BAD_UTF8 = {
            {(byte) 0xC3, 0x28}, {(byte) 0xA0, (byte) 0xA1}, {(byte) 0xE2, 0x28, (byte) 0xA1}, {(byte) 0xF0, 0x28, (byte) 0x8C, (byte) 0xBC},
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};

    private final Random random;
    private final List<FuzzCase> cases = new ArrayList<>();
    private int next = 1;

    FuzzCases(long seed) {
        this.random = new Random(seed);
    }

    /** About {@code perCategory} cases of each category, plus a valid control after every 20. */
    List<FuzzCase> build(int perCategory) {
        repeat(perCategory, () -> add("random-json", id -> Json.value(random, 0)));
        repeat(perCategory, () -> add("mutated-valid", this::mutated));
        for (String field : FIELDS) {
            for (String wrong : WRONG_VALUES) {
                add("wrong-type", id -> validWith(id, field, wrong));
            }
            for (String number : Json.NUMBERS) {
                add("number-shapes", id -> validWith(id, field, number));
                add("number-shapes", id -> validWith(id, "tags", "{\"n\":" + number + "}"));
            }
        }
        deep();
        huge();
        invalidUtf8();
        repeat(perCategory, () -> addBytes("binary", "send.transactional", id -> randomBytes(1 + random.nextInt(64 * 1024)), Map.of(), null));
        headers();
        properties();
        routingKeys();
        return interleaveControls();
    }

    private void deep() {
        for (int depth : new int[]{31, 33, 100, 1_000, 100_000}) {
            add("deep-nesting", id -> "[".repeat(depth) + "]".repeat(depth));
            add("deep-nesting", id -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
            add("deep-nesting", id -> validWith(id, "tags", "{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}"));
            add("deep-nesting", id -> "[".repeat(depth)); // unterminated
        }
    }

    private void huge() {
        int tenMb = 10 * 1024 * 1024;
        add("10MB", id -> validWith(id, "body", Json.string(id + " " + "x".repeat(tenMb))));
        add("10MB", id -> " ".repeat(tenMb) + valid(id));
        add("10MB", id -> "[".repeat(tenMb));
        addBytes("10MB", "send.transactional", id -> randomBytes(tenMb), Map.of(), null);
        addBytes("10MB", "send.otp", id -> randomBytes(tenMb), Map.of(), null);
        // A burst: with a prefetch of 500 the client buffers all of them at once.
        for (int i = 0; i < 30; i++) {
            addBytes("10MB-burst", "send.transactional", id -> concat(bytes(valid(id)), new byte[tenMb]), Map.of(), null);
        }
        // Over the Java client's default inbound limit (64 MiB), under RabbitMQ 3.x's 128 MiB: this closed the
        // worker's connection on every delivery until the worker raised its limit.
        addBytes("100MB", "send.transactional", id -> concat(bytes(valid(id)), new byte[100 * 1024 * 1024]), Map.of(), null);
        add("1MB", id -> validWith(id, "body", Json.string(id + " " + "y".repeat(1024 * 1024))));
        // A burst: with a prefetch of 500 the client buffers all of them at once.
        for (int i = 0; i < 30; i++) {
            addBytes("10MB-burst", "send.transactional", id -> concat(bytes(valid(id)), new byte[tenMb]), Map.of(), null);
        }
        // Over the Java client's default inbound limit (64 MiB), under RabbitMQ 3.x's 128 MiB: this closed the
        // worker's connection on every delivery until the worker raised its limit.
        addBytes("100MB", "send.transactional", id -> concat(bytes(valid(id)), new byte[100 * 1024 * 1024]), Map.of(), null);
        add("1MB", id -> validWith(id, "tags", "{\"big\":" + Json.string("z".repeat(1024 * 1024)) + "}"));
    }

    private void invalidUtf8() {
        for (byte[] bad : BAD_UTF8) {
            for (String field : List.of("to", "body", "messageId", "kind", "from")) {
                addBytes("invalid-utf8", "send.transactional", id -> spliceIntoField(valid(id), field, bad), Map.of(), null);
            }
            addBytes("invalid-utf8", "send.transactional", id -> concat(bad, valid(id).getBytes(StandardCharsets.UTF_8)), Map.of(), null);
        }
    }

    private void headers() {
        for (int count : new int[]{1_000, 3_000, 6_000}) {
            addBytes("thousands-of-headers", "send.transactional", id -> bytes(valid(id)), manyHeaders(count), null);
            addBytes("thousands-of-headers", "send.transactional", id -> bytes(invalid(id)), manyHeaders(count), null);
        }
        // Our own headers, with values of the wrong type or out of range.
        Map<String, List<Object>> ours = new HashMap<>();
        ours.put("sms-attempt", List.of("abc", -5, Long.MAX_VALUE, 1e30, new BigDecimal("1e50"), Map.of("a", 1), List.of(1, 2), 2_000_000_000));
        ours.put("sms-first-attempt-at", List.of("+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z", "garbage",
                new Date(Long.MAX_VALUE), 42, "2999-01-01T00:00:00Z"));
        ours.put("correlation-id", List.of(Map.of("x", 1), List.of("a"), "c".repeat(5_000), "bad id with spaces", 12345, new byte[]{(byte) 0xFF}));
        ours.put("x-correlation-id", List.of("\u0000\u0001", "é".repeat(200), 1.5));
        ours.put("x-death", List.of("not a list", List.of("not a table"), List.of(Map.of("count", "many", "queue", 7))));
        ours.put("sms-routing-key", List.of("send.otp", "", "x".repeat(300)));
        ours.put("x-delay", List.of("soon", -1, Long.MIN_VALUE));
        ours.put("retry-count", List.of("x", -1));
        // Each value on a valid transactional request, a valid OTP (whose validity counts from the
        // first attempt) and an invalid request (whose headers are copied to sms.failed).
        ours.forEach((name, values) -> values.forEach(value -> {
            addBytes("bad-own-headers", "send.transactional", id -> bytes(valid(id)), Map.of(name, value), null);
            addBytes("bad-own-headers", "send.otp", id -> bytes(valid(id).replace("transactional", "otp")), Map.of(name, value), null);
            addBytes("bad-own-headers", "send.transactional", id -> bytes(invalid(id)), Map.of(name, value), null);
        }));
        // Long strings that are not valid UTF-8.
        addBytes("bad-own-headers", "send.transactional", id -> bytes(valid(id)),
                Map.of("correlation-id", LongStringHelper.asLongString(new byte[]{(byte) 0xC3, 0x28, (byte) 0xFF})), null);
        bigHeaders();
    }

    /** Content headers must fit one frame (frame_max): the 1 MB one can't be published; the others probe the edge. */
    private void bigHeaders() {
        for (int size : new int[]{1024 * 1024, 131_000, 130_900, 130_500, 130_000, 128_000, 120_000, 100_000, 64_000}) {
            for (String header : List.of("correlation-id", "note")) {
                // Valid ones are sent as they are; invalid ones are republished to sms.failed with headers added.
                addBytes("big-header", "send.transactional", id -> bytes(valid(id)), Map.of(header, "c".repeat(size)), null);
                addBytes("big-header", "send.transactional", id -> bytes(invalid(id)), Map.of(header, "c".repeat(size)), null);
            }
        }
    }

    private void properties() {
        List<Function<AMQP.BasicProperties.Builder, AMQP.BasicProperties.Builder>> weird = List.of(
                b -> b.messageId("m".repeat(255)),
                b -> b.messageId("with spaces and ünïcödé"),
                b -> b.messageId(""),
                b -> b.correlationId("\u0000"),
                b -> b.expiration("0"),
                b -> b.expiration("abc"),
                b -> b.priority(255),
                b -> b.deliveryMode(1),
                b -> b.deliveryMode(3),
                b -> b.timestamp(new Date(Long.MAX_VALUE / 1000 * 1000)),
                b -> b.contentType("application/x-garbage"),
                b -> b.contentEncoding("gzip"),
                b -> b.type("sms"),
                b -> b.userId("somebody-else"),
                b -> b.appId("a".repeat(255)),
                b -> b.replyTo("amq.rabbitmq.reply-to"));
        for (var change : weird) {
            // Bodies without a messageId, so the worker has to fall back to the property.
            addBytes("amqp-properties", "send.transactional", id -> bytes("{\"to\":\"+4712\",\"body\":\"" + id + " props\"}"), Map.of(), change);
        }
    }

    private void routingKeys() {
        for (String key : List.of("send.sms", "send", "", "send.otp.extra", "#", "x".repeat(255), "sénd.øtp", "send.OTP", "send.marketing.")) {
            addBytes("routing-key", key, id -> bytes(valid(id)), Map.of(), null);
        }
    }

    private List<FuzzCase> interleaveControls() {
        List<FuzzCase> withControls = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            withControls.add(cases.get(i));
            if (i % 20 == 19) {
                withControls.add(control());
            }
        }
        return withControls;
    }

    /** {@code count} 10 MB messages (a valid request padded past the size limit). */
    List<FuzzCase> backlog(int count) {
        List<FuzzCase> backlog = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = nextId();
            byte[] body = concat(bytes(valid(id)), new byte[10 * 1024 * 1024]);
            backlog.add(new FuzzCase(id, "10MB-backlog", "send.transactional", body, properties(id, Map.of(), null)));
        }
        return backlog;
    }

    /** A valid request that must be sent: proof the worker is still consuming. */
    FuzzCase control() {
        String id = nextId();
        return new FuzzCase(id, "control (valid)", "send.transactional", bytes(valid(id)), properties(id, Map.of(), null));
    }

    /**
     * 1-3 byte- and field-level mutations of a valid request. The text ("id fuzz") comes last and is
     * left alone, so a mutant that is still valid is sent under its own id, not a mutated one.
     */
    private String mutated(String id) {
        String text = ",\"body\":\"" + id + " fuzz\"}";
        String head = "{\"messageId\":\"" + id + "\",\"to\":\"" + VALID_TO + "\",\"kind\":\"transactional\"";
        byte[] bytes = bytes(head);
        boolean truncated = false;
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            switch (random.nextInt(6)) {
                case 0 -> bytes = flip(bytes);
                case 1 -> {
                    bytes = cut(bytes, random.nextInt(bytes.length));
                    truncated = true;
                }
                case 2 -> bytes = concat(bytes, new byte[]{(byte) random.nextInt(256)});
                case 3 -> bytes = concat(bytes, bytes(",\"" + FIELDS.get(random.nextInt(FIELDS.size())) + "\":" + Json.value(random, 0)));
                case 4 -> bytes = concat(bytes, bytes(",\"to\":\"+4791234567\""));
                default -> bytes = new String(bytes, StandardCharsets.ISO_8859_1)
                        .replaceFirst(",\"(to|kind|messageId)\":\"[^\"]*\"", "").getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        return new String(bytes, StandardCharsets.ISO_8859_1) + (truncated ? "" : text);
    }

    /** Well-formed, but the number can't be valid: goes to sms.failed as MESSAGE_FATAL. */
    static String invalid(String id) {
        return valid(id).replace(VALID_TO, "+4712");
    }

    static String valid(String id) {
        return "{\"messageId\":\"" + id + "\",\"to\":\"" + VALID_TO + "\",\"body\":\"" + id + " fuzz\",\"kind\":\"transactional\"}";
    }

    private static String validWith(String id, String field, String rawValue) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("messageId", Json.string(id));
        fields.put("to", Json.string(VALID_TO));
        fields.put("body", Json.string(id + " fuzz"));
        fields.put("kind", Json.string("transactional"));
        fields.put(field, rawValue);
        StringBuilder out = new StringBuilder("{");
        fields.forEach((name, value) -> out.append(out.length() > 1 ? "," : "").append(Json.string(name)).append(':').append(value));
        return out.append('}').toString();
    }

    private Map<String, Object> manyHeaders(int count) {
        Map<String, Object> headers = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Object value = switch (i % 9) {
                case 0 -> "v" + i;
                case 1 -> i;
                case 2 -> (long) i * 1_000_000_000L;
                case 3 -> i % 2 == 0;
                case 4 -> 1.0 / (i + 1);
                case 5 -> new BigDecimal(i).movePointLeft(3);
                case 6 -> new Date(i * 1000L);
                case 7 -> List.of(i, "x");
                default -> Map.of("k", i);
            };
            headers.put("h-" + i, value);
        }
        return headers;
    }

    private void add(String category, Function<String, String> json) {
        // ISO-8859-1 round-trips the raw bytes of mutated text; plain JSON text is ASCII or proper UTF-8.
        addBytes(category, "send.transactional", id -> {
            String text = json.apply(id);
            return category.equals("mutated-valid") ? text.getBytes(StandardCharsets.ISO_8859_1) : bytes(text);
        }, Map.of(), null);
    }

    private void addBytes(String category, String routingKey, Function<String, byte[]> body, Map<String, Object> headers,
                          Function<AMQP.BasicProperties.Builder, AMQP.BasicProperties.Builder> change) {
        String id = nextId();
        cases.add(new FuzzCase(id, category, routingKey, body.apply(id), properties(id, headers, change)));
    }

    private static AMQP.BasicProperties properties(String id, Map<String, Object> headers,
                                                   Function<AMQP.BasicProperties.Builder, AMQP.BasicProperties.Builder> change) {
        Map<String, Object> all = new HashMap<>(headers);
        all.put(FuzzCase.ID_HEADER, id);
        AMQP.BasicProperties.Builder builder = new AMQP.BasicProperties.Builder().deliveryMode(2).messageId(id).headers(all);
        return (change == null ? builder : change.apply(builder)).build();
    }

    private String nextId() {
        return String.format("fz-%06d", next++);
    }

    private void repeat(int times, Runnable action) {
        for (int i = 0; i < times; i++) {
            action.run();
        }
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] flip(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        return copy;
    }

    private static byte[] cut(byte[] bytes, int at) {
        return Arrays.copyOf(bytes, Math.max(1, at));
    }

    /** Puts {@code bad} at the end of a string field's value, so a text that stays readable still starts with the id. */
    private static byte[] spliceIntoField(String json, String field, byte[] bad) {
        int at = json.indexOf("\"" + field + "\":\"");
        if (at < 0) {
            return concat(bytes(json), bad);
        }
        int valueEnd = json.indexOf('"', at + field.length() + 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(json.substring(0, valueEnd)));
        out.writeBytes(bad);
        out.writeBytes(bytes(json.substring(valueEnd)));
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
