package dev.smsworker.worker.dedup;

import dev.smsworker.worker.support.LocalRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Against the local Redis (127.0.0.1:6379), shared: every key of this test starts with its own prefix. */
class RedisSentStoreIT {

    static final String REDIS = LocalRedis.URI;

    final String prefix = "sms-worker-test:" + UUID.randomUUID() + ":";
    final JsonMapper json = JsonMapper.builder().build();

    @AfterEach
    void deleteTheKeys() {
        LocalRedis.deleteKeys(prefix);
    }

    @Test
    void aSendRecordedByOneWorkerIsFoundByAnother() {
        SentRecord record = new SentRecord("twilio", "SM0123", Instant.parse("2026-04-14T10:00:00Z"), "00112233aabbccdd");
        try (RedisSentStore first = store(Duration.ofHours(24)); RedisSentStore second = store(Duration.ofHours(24))) {
            InFlight claim = claim();
            assertThat(first.claim("msg-1", claim)).isEmpty();
            first.remember("msg-1", claim, record);

            assertThat(second.claim("msg-1", claim())).contains(record);
            assertThat(second.claim("msg-2", claim())).isEmpty();
        }
    }

    /** Issue 9: two workers receiving one id at once both sent it; the claim lets exactly one through. */
    @Test
    void ofManyClaimsOnOneIdFromTwoWorkersAtOnceExactlyOneIsTaken() throws Exception {
        try (RedisSentStore first = store(Duration.ofHours(24)); RedisSentStore second = store(Duration.ofHours(24));
             ExecutorService threads = Executors.newFixedThreadPool(16)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<IdHolder>>> claims = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                RedisSentStore store = i % 2 == 0 ? first : second;
                claims.add(threads.submit(() -> {
                    start.await();
                    return store.claim("msg-1", claim());
                }));
            }
            start.countDown();
            int taken = 0;
            for (Future<Optional<IdHolder>> claim : claims) {
                Optional<IdHolder> holder = claim.get(10, TimeUnit.SECONDS);
                taken += holder.isEmpty() ? 1 : 0;
                holder.ifPresent(h -> assertThat(h).isInstanceOf(InFlight.class));
            }
            assertThat(taken).isEqualTo(1);
        }
    }

    @Test
    void aReleasedClaimFreesTheIdButOnlyItsOwnerCanReleaseIt() {
        try (RedisSentStore first = store(Duration.ofHours(24)); RedisSentStore second = store(Duration.ofHours(24))) {
            InFlight owner = claim();
            assertThat(first.claim("msg-1", owner)).isEmpty();

            second.release("msg-1", claim());
            assertThat(second.claim("msg-1", claim())).contains(owner);

            first.release("msg-1", owner);
            assertThat(second.claim("msg-1", claim())).isEmpty();
        }
    }

    @Test
    void aClaimLapsesAfterTheClaimTimeoutSoADeadWorkerBlocksNoIdForever() {
        try (RedisSentStore store = new RedisSentStore(properties(Duration.ofHours(1), Duration.ofMillis(500)), json)) {
            assertThat(store.claim("msg-1", claim())).isEmpty();
            assertThat(store.claim("msg-1", claim())).isPresent();

            await().atMost(Duration.ofSeconds(3)).until(() -> store.claim("msg-1", claim()).isEmpty());
        }
    }

    @Test
    void theRecordExpiresAfterItsTtl() {
        try (RedisSentStore store = store(Duration.ofMillis(500))) {
            InFlight claim = claim();
            store.claim("msg-1", claim);
            store.remember("msg-1", claim, new SentRecord("twilio", "SM0123", Instant.now(), "00112233aabbccdd"));

            assertThat(store.claim("msg-1", claim())).containsInstanceOf(SentRecord.class);
            await().atMost(Duration.ofSeconds(3)).until(() -> store.claim("msg-1", claim()).isEmpty());
        }
    }

    @Test
    void aRecordWrittenBeforeFingerprintsIsStillRead() {
        try (RedisSentStore store = store(Duration.ofHours(1))) {
            RedisClient client = RedisClient.create(REDIS);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().set(prefix + "msg-old", "{\"provider\":\"twilio\",\"providerMessageId\":\"SM1\",\"sentAt\":\"2026-04-14T10:00:00Z\"}");
            } finally {
                client.shutdown();
            }
            assertThat(store.claim("msg-old", claim())).contains(new SentRecord("twilio", "SM1", Instant.parse("2026-04-14T10:00:00Z"), null));
        }
    }

    @Test
    void anUnreachableRedisFailsFastInsteadOfHoldingTheSend() {
        DedupProperties unreachable = new DedupProperties(DedupProperties.Store.REDIS, Duration.ofHours(1), 1,
                Duration.ofMinutes(5), Duration.ofSeconds(20), Duration.ofMinutes(30),
                new DedupProperties.Redis("redis://127.0.0.1:1", prefix, Duration.ofMillis(300)));
        try (RedisSentStore store = new RedisSentStore(unreachable, json)) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> store.claim("msg-1", claim())).isInstanceOf(RuntimeException.class);
            // The next call does not even try to connect again yet.
            assertThatThrownBy(() -> store.claim("msg-1", claim())).hasMessageContaining("next connect attempt");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    RedisSentStore store(Duration ttl) {
        return new RedisSentStore(properties(ttl, Duration.ofMinutes(5)), json);
    }

    DedupProperties properties(Duration ttl, Duration claimTimeout) {
        return new DedupProperties(DedupProperties.Store.REDIS, ttl, 1, claimTimeout, Duration.ofSeconds(20),
                Duration.ofMinutes(30), new DedupProperties.Redis(REDIS, prefix, Duration.ofMillis(500)));
    }

    static InFlight claim() {
        return new InFlight(UUID.randomUUID().toString(), "00112233aabbccdd");
    }
}
