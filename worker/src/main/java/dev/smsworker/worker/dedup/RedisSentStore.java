package dev.smsworker.worker.dedup;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Sent ids in Redis, shared by every worker: {@code SET <prefix><messageId> <json> PX <ttl>}. The
 * connection opens on first use and reconnects by itself; while Redis is away, commands fail at once
 * (not queued) and a new connection is tried at most every {@link #RECONNECT_PAUSE}.
 */
final class RedisSentStore implements SentStore, AutoCloseable {

    static final Duration RECONNECT_PAUSE = Duration.ofSeconds(5);

    private final RedisClient client;
    private final String keyPrefix;
    private final long ttlMillis;
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
        this.json = json;
    }

    @Override
    public Optional<SentRecord> find(String messageId) {
        String value = connection().sync().get(keyPrefix + messageId);
        return value == null ? Optional.empty() : Optional.of(json.readValue(value, SentRecord.class));
    }

    @Override
    public void remember(String messageId, SentRecord record) {
        connection().sync().set(keyPrefix + messageId, json.writeValueAsString(record), SetArgs.Builder.px(ttlMillis));
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
