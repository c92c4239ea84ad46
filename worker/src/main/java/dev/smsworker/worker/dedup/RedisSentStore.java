package dev.smsworker.worker.dedup;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
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

    private final RedisClient client;
    private final String keyPrefix;
    private final long ttlMillis;
    private final long claimMillis;
    private final JsonMapper json;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile Instant nextConnectAttempt = Instant.MIN;

    RedisSentStore(DedupProperties properties, JsonMapper json) {
        DedupProperties.Redis redis = properties.redis();
        RedisURI uri = parse(redis.uri());
        uri.setTimeout(redis.timeout());
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(redis.timeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(redis.timeout()))
                // A check that waits for Redis to come back holds up the SMS; fail it now instead.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        this.keyPrefix = redis.keyPrefix();
        this.ttlMillis = properties.ttl().toMillis();
        this.claimMillis = properties.claimTimeout().toMillis();
        this.json = json;
    }

    @Override
    public Optional<IdHolder> claim(String messageId, InFlight claim) {
        String current = connection().sync().eval(CLAIM, ScriptOutputType.VALUE, new String[]{keyPrefix + messageId},
                json.writeValueAsString(claim), Long.toString(claimMillis));
        return current == null ? Optional.empty() : Optional.of(holder(current));
    }

    @Override
    public boolean renew(String messageId, InFlight claim) {
        Long renewed = connection().sync().eval(RENEW, ScriptOutputType.INTEGER, new String[]{keyPrefix + messageId},
                json.writeValueAsString(claim), Long.toString(claimMillis));
        return renewed != null && renewed == 1L;
    }

    @Override
    public void remember(String messageId, InFlight claim, SentRecord record) {
        connection().sync().set(keyPrefix + messageId, json.writeValueAsString(record), SetArgs.Builder.px(ttlMillis));
    }

    @Override
    public void release(String messageId, InFlight claim) {
        connection().sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[]{keyPrefix + messageId},
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
            connection();
        } catch (RuntimeException e) {
            log.warn("Redis for the sent-id record not reachable at start ({}); claims are tried again per message",
                    e.getClass().getSimpleName());
        }
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (connection == null) {
                if (Instant.now().isBefore(nextConnectAttempt)) {
                    throw new IllegalStateException("Redis unreachable; next connect attempt at " + nextConnectAttempt);
                }
                try {
                    connection = client.connect();
                } catch (RuntimeException e) {
                    nextConnectAttempt = Instant.now().plus(RECONNECT_PAUSE);
                    throw e;
                }
            }
            return connection;
        }
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    /**
     * Lettuce's and the JDK's parse errors quote the whole URI, password included, and a malformed URI may
     * not even look like one to {@code Secrets.redact}: ours names the property, never the value, and drops the cause.
     */
    private static RedisURI parse(String uri) {
        try {
            return RedisURI.create(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("sms.dedup.redis.uri is not a Redis URI (" + e.getClass().getSimpleName()
                    + "); expected redis://[[user:]password@]host[:port][/db], or rediss:// for TLS");
        }
    }
}
