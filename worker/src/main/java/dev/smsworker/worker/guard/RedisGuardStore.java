package dev.smsworker.worker.guard;

import dev.smsworker.worker.redis.LazyRedisConnection;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The guard's store shared by every worker: windows are Bucket4j buckets in Redis over Lettuce (as the shared
 * provider rate limits, {@code routing.RedisPermitBuckets}, with the same Redis and client options), values are
 * plain keys with an expiry. Every key starts with {@code keyPrefix}.
 * <p>
 * Redis unreachable (or slower than {@code timeout}) lets messages through, as {@link GuardStore} says: a window
 * takes, a lookup finds nothing, a write is lost. The first failure is logged once (the exception's class, never
 * the URI), and so is the recovery; a lost connection is tried again at most once a second.
 */
final class RedisGuardStore implements GuardStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisGuardStore.class);
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);
    private static final Duration IDLE_KEEP = Duration.ofSeconds(10);

    private final LazyRedisConnection<String, byte[]> connection;
    private final String keyPrefix;
    private final Duration timeout;
    private volatile ProxyManager<String> buckets;

    /** @throws IllegalArgumentException when the URI is not one (the message names the property, never the value) */
    RedisGuardStore(String uri, String uriProperty, String keyPrefix, Duration timeout) {
        this.connection = LazyRedisConnection.reconnecting(uri, uriProperty, timeout,
                RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), RECONNECT_PAUSE);
        this.keyPrefix = keyPrefix;
        this.timeout = timeout;
    }

    @Override
    public boolean take(String key, Rate rate) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(rate.count()).refillIntervally(rate.count(), rate.per()))
                .build();
        // The rate is part of the key: a bucket keeps the configuration it was created with.
        String bucketKey = keyPrefix + key + "@" + rate.count() + "/" + rate.per().toSeconds() + "s";
        return call(redis -> buckets().builder().build(bucketKey, () -> configuration).tryConsume(1), true);
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        call(redis -> redis.set(keyPrefix + key, bytes(value), SetArgs.Builder.px(ttl.toMillis())), null);
    }

    @Override
    public Optional<String> get(String key) {
        return call(redis -> Optional.ofNullable(redis.get(keyPrefix + key)).map(RedisGuardStore::text), Optional.empty());
    }

    @Override
    public boolean remove(String key) {
        return call(redis -> redis.del(keyPrefix + key) > 0, false);
    }

    @Override
    public Map<String, String> scan(String prefix, int limit) {
        return call(redis -> {
            Map<String, String> found = new TreeMap<>();
            ScanArgs match = ScanArgs.Builder.matches(glob(keyPrefix + prefix) + "*").limit(500);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, match);
                for (String key : page.getKeys()) {
                    byte[] value = redis.get(key);
                    if (value != null && found.size() < limit) {
                        found.put(key.substring(keyPrefix.length()), text(value));
                    }
                }
                cursor = page;
            } while (!cursor.isFinished() && found.size() < limit);
            return found;
        }, Map.of());
    }

    @Override
    public long add(String key, long amount, Duration ttl) {
        return call(redis -> {
            // NX: the total's lifetime starts with its first write and is never pushed out by later ones.
            redis.set(keyPrefix + key, bytes("0"), SetArgs.Builder.nx().px(ttl.toMillis()));
            return redis.incrby(keyPrefix + key, amount);
        }, 0L);
    }

    /** Connects now so the first message does not pay for it; Redis away now only means an open guard for now. */
    void connectEarly() {
        call(redis -> redis.ping(), null);
    }

    private <T> T call(Function<RedisCommands<String, byte[]>, T> command, T whenUnreachable) {
        try {
            T result = command.apply(connection.get().sync());
            if (connection.succeeded()) {
                log.info("Redis for the guard reachable again");
            }
            return result;
        } catch (RuntimeException e) {
            if (connection.failed()) {
                log.warn("Redis for the guard not reachable ({}); caps, throttles and suppressions let messages "
                        + "through until it is back", e.getClass().getSimpleName());
            }
            return whenUnreachable;
        }
    }

    private ProxyManager<String> buckets() {
        ProxyManager<String> current = buckets;
        if (current == null) {
            synchronized (this) {
                if (buckets == null) {
                    buckets = Bucket4jLettuce.casBasedBuilder(connection.get())
                            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(IDLE_KEEP))
                            .requestTimeout(timeout)
                            .build();
                }
                current = buckets;
            }
        }
        return current;
    }

    @Override
    public void close() {
        connection.close();
    }

    private static String glob(String literal) {
        return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
