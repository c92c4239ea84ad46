package dev.smsworker.worker.dedup;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Against the local Redis (127.0.0.1:6379), shared: every key of this test starts with its own prefix. */
class RedisSentStoreIT {

    static final String REDIS = "redis://127.0.0.1:6379";

    final String prefix = "sms-worker-test:" + UUID.randomUUID() + ":";
    final JsonMapper json = JsonMapper.builder().build();

    @AfterEach
    void deleteTheKeys() {
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            var keys = connection.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aSendRecordedByOneWorkerIsFoundByAnother() {
        SentRecord record = new SentRecord("twilio", "SM0123", Instant.parse("2026-04-14T10:00:00Z"));
        try (RedisSentStore first = store(Duration.ofHours(24)); RedisSentStore second = store(Duration.ofHours(24))) {
            first.remember("msg-1", record);

            assertThat(second.find("msg-1")).contains(record);
            assertThat(second.find("msg-2")).isEmpty();
        }
    }

    @Test
    void theRecordExpiresAfterItsTtl() {
        try (RedisSentStore store = store(Duration.ofMillis(500))) {
            store.remember("msg-1", new SentRecord("twilio", "SM0123", Instant.now()));

            assertThat(store.find("msg-1")).isPresent();
            await().atMost(Duration.ofSeconds(3)).until(() -> store.find("msg-1").isEmpty());
        }
    }

    @Test
    void anUnreachableRedisFailsFastInsteadOfHoldingTheSend() {
        DedupProperties unreachable = new DedupProperties(DedupProperties.Store.REDIS, Duration.ofHours(1), 1,
                new DedupProperties.Redis("redis://127.0.0.1:1", prefix, Duration.ofMillis(300)));
        try (RedisSentStore store = new RedisSentStore(unreachable, json)) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> store.find("msg-1")).isInstanceOf(RuntimeException.class);
            // The next call does not even try to connect again yet.
            assertThatThrownBy(() -> store.find("msg-1")).hasMessageContaining("next connect attempt");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    RedisSentStore store(Duration ttl) {
        return new RedisSentStore(new DedupProperties(DedupProperties.Store.REDIS, ttl, 1,
                new DedupProperties.Redis(REDIS, prefix, Duration.ofMillis(500))), json);
    }
}
