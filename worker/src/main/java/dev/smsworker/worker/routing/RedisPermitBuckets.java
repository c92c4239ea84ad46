package dev.smsworker.worker.routing;

import dev.smsworker.worker.redis.LazyRedisConnection;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Permit buckets in Redis, shared by every worker: Bucket4j's compare-and-swap buckets over Lettuce
 * ({@code LettuceBasedProxyManager}), one key per provider and share, {@code <prefix><provider>:otp} and
 * {@code <prefix><provider>:others}. A bucket holds {@code perSecond} permits and refills them evenly over each
 * second, so after a quiet spell the cluster may send {@code perSecond} at once (the burst), and never more than
 * {@code perSecond} a second after that, however many workers take from it. Keys expire once the bucket would
 * be full again (plus 10 s), so an idle provider leaves nothing behind.
 * <p>
 * The rate a bucket was created with is the rate it keeps while its key lives: a worker started with another
 * rate takes from the same bucket at the stored rate until the key expires (about 10 s after the last send).
 * Bucket4j reads the time on the worker ({@code System.currentTimeMillis}), so the workers' clocks must agree
 * (NTP); a worker whose clock runs ahead sees the bucket fuller than it is.
 * <p>
 * Redis unreachable (or slower than {@code timeout}) means <em>no permit now</em>: the provider is skipped
 * as {@code rate-limited-locally} and, if no other provider of the route has a permit, the message is held
 * and looks again, exactly as when the bucket is empty. Sending without a permit would break the budget
 * this store exists to keep. The first failure is logged once (the exception's class, never the URI), and
 * so is the recovery. A lost connection is tried again at most every {@link #RECONNECT_PAUSE}.
 */
final class RedisPermitBuckets implements PermitBuckets, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisPermitBuckets.class);

    static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);
    /** How long past "full again" an idle bucket's key stays. */
    private static final Duration IDLE_KEEP = Duration.ofSeconds(10);

    private final LazyRedisConnection<String, byte[]> connection;
    private final String keyPrefix;
    private final Duration timeout;
    private volatile ProxyManager<String> buckets;
    /**
     * One Bucket4j proxy per key, shared by every send of this worker: its batching optimization folds the
     * requests that arrive while one is in flight to Redis into the next single request, instead of one
     * compare-and-swap per send on the same key (a thousand sends in flight make a thousand contending
     * requests; the scale-out run saw them time out under load, 67 permits in 90 s with three workers).
     */
    private final ConcurrentHashMap<String, Bucket> proxies = new ConcurrentHashMap<>();

    /**
     * @param uri the Redis URI ({@code sms.routing.rate-limits.redis.uri}, else {@code sms.dedup.redis.uri})
     * @throws IllegalArgumentException when the URI is not one (the message names the property, never the value)
     */
    RedisPermitBuckets(String uri, String uriProperty, String keyPrefix, Duration timeout) {
        this.connection = LazyRedisConnection.reconnecting(uri, uriProperty, timeout,
                RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), RECONNECT_PAUSE);
        this.keyPrefix = keyPrefix;
        this.timeout = timeout;
    }

    @Override
    public PermitBucket bucket(String provider, String share, int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1: " + perSecond);
        }
        String key = keyPrefix + provider + ":" + share;
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build();
        return new PermitBucket() {
            @Override
            public Duration reserve(Duration maxWait) {
                return RedisPermitBuckets.this.reserve(key, configuration, maxWait);
            }

            @Override
            public int perSecond() {
                return perSecond;
            }
        };
    }

    /**
     * Bucket4j's blocking consume reserves the permit (the bucket may go below zero, so later callers queue
     * behind) and then parks for the wait; the strategy here only notes the wait, which the caller sleeps.
     */
    private Duration reserve(String key, BucketConfiguration configuration, Duration maxWait) {
        long[] wait = {0};
        try {
            ProxyManager<String> manager = buckets();
            Bucket bucket = proxies.computeIfAbsent(key, k -> manager.builder()
                    .withOptimization(Optimizations.batching()).build(k, () -> configuration));
            // Bucket4j wants a positive wait for the blocking form; "only if free now" is the plain one.
            boolean reserved = maxWait.isPositive()
                    ? bucket.asBlocking().tryConsume(1, maxWait, nanos -> wait[0] = nanos)
                    : bucket.tryConsume(1);
            if (connection.succeeded()) {
                log.info("Redis for the shared rate limits reachable again");
            }
            return reserved ? Duration.ofNanos(wait[0]) : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException e) {
            if (connection.failed()) {
                log.warn("Redis for the shared rate limits not reachable ({}); rate-limited providers get no permits, "
                        + "so their messages are held until it is back", e.getClass().getSimpleName());
            }
            return null;
        }
    }

    /** Connects now so the first message does not pay for it; Redis away now only means no permits yet. */
    void connectEarly() {
        try {
            buckets();
        } catch (RuntimeException e) {
            if (connection.failed()) {
                log.warn("Redis for the shared rate limits not reachable at start ({}); rate-limited providers get "
                        + "no permits until it is", e.getClass().getSimpleName());
            }
        }
    }

    private ProxyManager<String> buckets() {
        ProxyManager<String> current = buckets;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (buckets == null) {
                buckets = Bucket4jLettuce.casBasedBuilder(connection.get())
                        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(IDLE_KEEP))
                        .requestTimeout(timeout)
                        .build();
            }
            return buckets;
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
