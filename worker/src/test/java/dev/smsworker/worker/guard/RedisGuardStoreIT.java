package dev.smsworker.worker.guard;

import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.RefusalCode;
import dev.smsworker.worker.encoding.Segments;
import dev.smsworker.worker.support.LocalRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two {@link RedisGuardStore}s are two workers sharing one Redis (the local 127.0.0.1:6379, shared by others:
 * every key of this test starts with its own prefix and is deleted after).
 */
class RedisGuardStoreIT {

    static final String REDIS = LocalRedis.URI;

    final String prefix = "sms-worker-test:guard:" + UUID.randomUUID() + ":";

    @AfterEach
    void deleteTheKeys() {
        LocalRedis.deleteKeys(prefix);
    }

    @Test
    void twoWorkersFillOneWindow() {
        try (RedisGuardStore first = store(); RedisGuardStore second = store()) {
            Rate rate = new Rate(3, Duration.ofMinutes(10));
            assertThat(first.take("recipient:otp:abc", rate)).isTrue();
            assertThat(second.take("recipient:otp:abc", rate)).isTrue();
            assertThat(first.take("recipient:otp:abc", rate)).isTrue();
            assertThat(second.take("recipient:otp:abc", rate)).as("the fourth, on either worker").isFalse();
            assertThat(first.take("recipient:otp:def", rate)).as("another key").isTrue();
        }
    }

    @Test
    void valuesLiveForTheirTtlAndAreSeenByEveryWorker() {
        try (RedisGuardStore first = store(); RedisGuardStore second = store()) {
            first.put("suppressed:abc", "OPTED_OUT twilio:21610 2026-11-30T12:00:00Z +47******67", Duration.ofMinutes(5));
            assertThat(second.get("suppressed:abc")).contains("OPTED_OUT twilio:21610 2026-11-30T12:00:00Z +47******67");
            assertThat(second.scan("suppressed:", 10)).containsOnlyKeys("suppressed:abc");
            first.put("suppressed:short", "x", Duration.ofMillis(200));
            await().atMost(Duration.ofSeconds(5)).until(() -> second.get("suppressed:short").isEmpty());

            assertThat(second.remove("suppressed:abc")).isTrue();
            assertThat(first.get("suppressed:abc")).isEmpty();
            assertThat(first.remove("suppressed:abc")).isFalse();
        }
    }

    @Test
    void totalsAddUpAcrossWorkersAndKeepTheirFirstExpiry() {
        try (RedisGuardStore first = store(); RedisGuardStore second = store()) {
            assertThat(first.add("spend:marketing:2026-11-30", 50_000, Duration.ofDays(2))).isEqualTo(50_000);
            assertThat(second.add("spend:marketing:2026-11-30", 80_000, Duration.ofDays(2))).isEqualTo(130_000);
            assertThat(first.get("spend:marketing:2026-11-30")).contains("130000");
        }
    }

    @Test
    void aNewerOtpOnOneWorkerSupersedesTheOlderRetriedOnAnother() {
        try (RedisGuardStore first = store(); RedisGuardStore second = store()) {
            Guard one = guard(first);
            Guard two = guard(second);
            assertThat(one.check(new GuardedMessage("older", "+4791234567", Kind.OTP, 1, Segments.of("111111")))).isEmpty();
            assertThat(two.check(new GuardedMessage("newer", "+4791234567", Kind.OTP, 1, Segments.of("222222")))).isEmpty();
            assertThat(one.check(new GuardedMessage("older", "+4791234567", Kind.OTP, 2, Segments.of("111111"))))
                    .map(Refusal::code).contains(RefusalCode.SUPERSEDED);
        }
    }

    @Test
    void anUnreachableRedisLetsMessagesThrough() {
        try (RedisGuardStore away = new RedisGuardStore("redis://127.0.0.1:1", "sms.dedup.redis.uri", prefix, Duration.ofMillis(200))) {
            assertThat(away.take("recipient:otp:abc", new Rate(1, Duration.ofMinutes(1)))).isTrue();
            assertThat(away.take("recipient:otp:abc", new Rate(1, Duration.ofMinutes(1)))).isTrue();
            assertThat(away.get("suppressed:abc")).isEmpty();
            assertThat(away.add("spend:otp:today", 5, Duration.ofDays(1))).isZero();
        }
    }

    RedisGuardStore store() {
        return new RedisGuardStore(REDIS, "sms.dedup.redis.uri", prefix, Duration.ofSeconds(2));
    }

    Guard guard(RedisGuardStore store) {
        GuardProperties properties = new GuardProperties(GuardProperties.Mode.ENFORCE, Map.of(), Map.of(), Map.of(),
                List.of("otp"), Duration.ofHours(1), new GuardProperties.Suppression(false, Duration.ofDays(30)), prefix, 1000);
        return new Guard(properties, new LimitsProperties(Map.of()), store,
                new SpendLedger(new SpendProperties(Map.of()), store, Clock.systemUTC()), new SimpleMeterRegistry(), Clock.systemUTC());
    }
}
