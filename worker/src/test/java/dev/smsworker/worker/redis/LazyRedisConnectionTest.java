package dev.smsworker.worker.redis;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No Redis needed: port 1 on the loopback refuses at once, which is all a failed connect needs. */
class LazyRedisConnectionTest {

    private static final String NOWHERE = "redis://:s3cret@127.0.0.1:1";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @ParameterizedTest
    @ValueSource(strings = {"redis://:s3cret@host:6379/db zero", "http://user:s3cret@host", "s3cret", "redis://:s3cret@[bad"})
    void aMalformedUriIsNamedByItsPropertyNeverByItsValue(String uri) {
        assertThatThrownBy(() -> LazyRedisConnection.reconnecting(uri, "sms.dedup.redis.uri", TIMEOUT, StringCodec.UTF8,
                Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sms.dedup.redis.uri is not a Redis URI")
                .hasMessageNotContaining("s3cret")
                .hasNoCause();
    }

    @Test
    void theTargetIsHostAndPortWithoutThePassword() {
        try (var redis = LazyRedisConnection.onDemand(NOWHERE, "sms.dedup.redis.uri", TIMEOUT)) {
            assertThat(redis.target()).isEqualTo("127.0.0.1:1");
        }
    }

    @Test
    void afterAFailedConnectTheNextWaitsForThePause() {
        try (var redis = LazyRedisConnection.reconnecting(NOWHERE, "sms.dedup.redis.uri", TIMEOUT, StringCodec.UTF8,
                Duration.ofMinutes(10))) {
            assertThatThrownBy(redis::get).isInstanceOf(RedisConnectionException.class);
            assertThatThrownBy(redis::get).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Redis unreachable; next connect attempt at")
                    .hasMessageNotContaining("s3cret");
        }
    }

    @Test
    void withoutAPauseEveryUseTriesToConnectAgain() {
        try (var redis = LazyRedisConnection.reconnecting(NOWHERE, "sms.dedup.redis.uri", TIMEOUT, StringCodec.UTF8,
                Duration.ZERO)) {
            assertThatThrownBy(redis::get).isInstanceOf(RedisConnectionException.class);
            assertThatThrownBy(redis::get).isInstanceOf(RedisConnectionException.class);
        }
    }

    @Test
    void aProbeConnectionTriesAgainOnEveryUse() {
        try (var redis = LazyRedisConnection.onDemand(NOWHERE, "sms.dedup.redis.uri", TIMEOUT)) {
            assertThatThrownBy(redis::get).isInstanceOf(RedisConnectionException.class);
            redis.drop();
            assertThatThrownBy(redis::get).isInstanceOf(RedisConnectionException.class);
        }
    }

    @Test
    void reachabilityChangesAreReportedOncePerChange() {
        try (var redis = LazyRedisConnection.reconnecting(NOWHERE, "sms.dedup.redis.uri", TIMEOUT, StringCodec.UTF8,
                Duration.ZERO)) {
            assertThat(redis.succeeded()).as("reachable from the start: nothing to report").isFalse();
            assertThat(redis.failed()).isTrue();
            assertThat(redis.failed()).as("still away").isFalse();
            assertThat(redis.succeeded()).isTrue();
            assertThat(redis.succeeded()).as("still reachable").isFalse();
            assertThat(redis.failed()).as("away again").isTrue();
        }
    }
}
