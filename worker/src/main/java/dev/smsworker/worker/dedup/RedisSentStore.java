package dev.smsworker.worker.dedup;

import dev.smsworker.worker.redis.LazyRedisConnection;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.Optional;

/**
 * Claims and sent ids in Redis, shared by every worker, one key per message id: {@code <prefix><messageId>}.
 * A claim is taken atomically by a script (read the key; if empty, {@code SET <key> <claim> PX <claim-timeout>}; the same claim asked again is renewed),
 * so of two workers that receive one id at once exactly one sends. While the send is in progress its worker
 * renews the claim ({@link ClaimLeases}); the send then replaces the claim with
 * its sent record ({@code SET <key> <record> PX <ttl>}); a failed send deletes the claim only if it is
 * still its own. Values are JSON: {@code {"token":...,"fingerprint":...}} or a {@link SentRecord}.
 * The connection opens on first use and reconnects by itself; while Redis is away, commands fail at once
 * (not queued) and a new connection is tried at most every {@link #RECONNECT_PAUSE}.
 */
final class RedisSentStore implements SentStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisSentStore.class);

    static final Duration RECONNECT_PAUSE = Duration.ofSeconds(5);

    /**
     * Returns what holds the key, or takes it with the claim (ARGV[1]) for ARGV[2] ms and returns nil. The
     * same claim asked again is ours: a first call that timed out on the client may well have run here.
     */
    private static final String CLAIM = """
            local current = redis.call('GET', KEYS[1])
            if current and current ~= ARGV[1] then return current end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return false""";
    /** Extends the key by ARGV[2] ms only while it still holds this claim; 1 if it did, 0 if the claim is gone. */
    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0""";
    /** Deletes the key only while it still holds this claim: a lapsed claim may have been taken by another. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    private final LazyRedisConnection<String, String> connection;
    private final String keyPrefix;
    private final long ttlMillis;
    private final long claimMillis;
    private final JsonMapper json;

    /** @throws IllegalArgumentException when the URI is not one (the message names the property, never the value) */
    RedisSentStore(DedupProperties properties, JsonMapper json) {
        DedupProperties.Redis redis = properties.redis();
        this.connection = LazyRedisConnection.reconnecting(redis.uri(), "sms.dedup.redis.uri", redis.timeout(),
                StringCodec.UTF8, RECONNECT_PAUSE);
        this.keyPrefix = redis.keyPrefix();
        this.ttlMillis = properties.ttl().toMillis();
        this.claimMillis = properties.claimTimeout().toMillis();
        this.json = json;
    }

    @Override
    public Optional<IdHolder> claim(String messageId, InFlight claim) {
        String current = connection.get().sync().eval(CLAIM, ScriptOutputType.VALUE, new String[]{keyPrefix + messageId},
                json.writeValueAsString(claim), Long.toString(claimMillis));
        return current == null ? Optional.empty() : Optional.of(holder(current));
    }

    @Override
    public boolean renew(String messageId, InFlight claim) {
        Long renewed = connection.get().sync().eval(RENEW, ScriptOutputType.INTEGER, new String[]{keyPrefix + messageId},
                json.writeValueAsString(claim), Long.toString(claimMillis));
        return renewed != null && renewed == 1L;
    }

    @Override
    public void remember(String messageId, InFlight claim, SentRecord record) {
        connection.get().sync().set(keyPrefix + messageId, json.writeValueAsString(record), SetArgs.Builder.px(ttlMillis));
    }

    @Override
    public void release(String messageId, InFlight claim) {
        connection.get().sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[]{keyPrefix + messageId},
                json.writeValueAsString(claim));
    }

    private IdHolder holder(String value) {
        JsonNode node = json.readTree(value);
        return node.has("token") ? json.treeToValue(node, InFlight.class) : json.treeToValue(node, SentRecord.class);
    }

    /**
     * Connects now rather than on the first message, whose claim would otherwise pay for the connect
     * within {@code sms.dedup.redis.timeout}. Redis being away now is no reason not to start: the first
     * claim tries again.
     */
    void connectEarly() {
        try {
            connection.get();
        } catch (RuntimeException e) {
            log.warn("Redis for the sent-id record not reachable at start ({}); claims are tried again per message",
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
