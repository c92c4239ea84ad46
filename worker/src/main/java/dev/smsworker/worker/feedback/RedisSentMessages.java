package dev.smsworker.worker.feedback;

import dev.smsworker.contracts.Kind;
import dev.smsworker.worker.redis.LazyRedisConnection;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.codec.StringCodec;

import java.time.Duration;
import java.time.Instant;

/**
 * Sent messages in Redis, shared by every worker (feedback reaches whichever worker the broker picks):
 * {@code <prefix>sent <messageId>} holds {@code provider country kind sentAt} (space-separated; none of them has a
 * space), {@code <prefix>converted <messageId>} marks a counted conversion, both for {@code sms.feedback.record-ttl}.
 * Converting is one script, so two workers given copies of one feedback count it once. Uses the sent-id record's
 * Redis ({@code sms.dedup.redis.uri}, {@code .timeout}).
 */
final class RedisSentMessages implements SentMessages, AutoCloseable {

    /** KEYS[1] the record, KEYS[2] the conversion mark; ARGV[1] the TTL in ms. Returns the record, or why not. */
    private static final String CONVERT = """
            local sent = redis.call('GET', KEYS[1])
            if not sent then return 'unmatched' end
            if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then return 'duplicate' end
            return sent""";
    /** A send runs on the message's thread: while Redis is away, fail at once rather than wait a connect per message. */
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(5);

    private final LazyRedisConnection<String, String> connection;
    private final String prefix;
    private final long ttlMillis;

    /** @throws IllegalArgumentException when the URI is not one (the message names the property, never the value) */
    RedisSentMessages(String uri, Duration timeout, String prefix, Duration ttl) {
        this.connection = LazyRedisConnection.reconnecting(uri, "sms.dedup.redis.uri", timeout, StringCodec.UTF8, RECONNECT_PAUSE);
        this.prefix = prefix;
        this.ttlMillis = ttl.toMillis();
    }

    @Override
    public void remember(String messageId, SentMessage sent) {
        String value = String.join(" ", sent.provider(), sent.country(), sent.kind().wireName(), sent.sentAt().toString());
        connection.get().sync().set(prefix + "sent " + messageId, value, SetArgs.Builder.px(ttlMillis));
    }

    @Override
    public Conversion convert(String messageId) {
        String result = connection.get().sync().eval(CONVERT, ScriptOutputType.VALUE,
                new String[]{prefix + "sent " + messageId, prefix + "converted " + messageId}, Long.toString(ttlMillis));
        return switch (result) {
            case "unmatched" -> new Conversion.Unmatched();
            case "duplicate" -> new Conversion.Duplicate();
            default -> new Conversion.Counted(parse(result));
        };
    }

    private static SentMessage parse(String value) {
        String[] parts = value.split(" ");
        if (parts.length != 4) {
            throw new IllegalStateException("a sent-message record in Redis has " + parts.length + " fields, not 4");
        }
        return new SentMessage(parts[0], parts[1], Kind.fromWireName(parts[2]), Instant.parse(parts[3]));
    }

    @Override
    public void close() {
        connection.close();
    }
}
