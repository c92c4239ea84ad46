package dev.smsworker.worker.dedup;

import dev.smsworker.contracts.Kind;
import dev.smsworker.worker.messaging.MessageContext;
import dev.smsworker.worker.providers.SendResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SendDeduplicationTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-14T10:00:00Z"), ZoneOffset.UTC);

    static final DedupRequirement OPTIONAL = new DedupRequirement(DedupProperties.Store.MEMORY, null);
    static final SentStore BROKEN = new SentStore() {
        @Override
        public Optional<SentRecord> find(String messageId) {
            throw new IllegalStateException("Redis unreachable");
        }

        @Override
        public void remember(String messageId, SentRecord record) {
            throw new IllegalStateException("Redis unreachable");
        }
    };

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aRecordedSendIsFoundAgainAndCountedAsADuplicate() {
        SendDeduplication deduplication = new SendDeduplication(memory(Duration.ofHours(24)), OPTIONAL, meters, CLOCK);
        MessageContext context = context("msg-1");

        assertThat(deduplication.previousSend(context)).isEmpty();
        deduplication.recordSend(context, new SendResult.Sent("twilio", "SM1"));

        assertThat(deduplication.previousSend(context)).contains(new SentRecord("twilio", "SM1", CLOCK.instant()));
        assertThat(meters.get("sms.dedup.duplicates").tag("kind", "otp").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aRecordIsForgottenAfterItsTtl() {
        SendDeduplication deduplication = new SendDeduplication(memory(Duration.ofMillis(200)), OPTIONAL, meters, CLOCK);
        deduplication.recordSend(context("msg-1"), new SendResult.Sent("twilio", "SM1"));

        await().atMost(Duration.ofSeconds(2)).until(() -> deduplication.previousSend(context("msg-1")).isEmpty());
    }

    @Test
    void theMemoryStoreIsBounded() {
        InMemorySentStore store = new InMemorySentStore(new DedupProperties(DedupProperties.Store.MEMORY,
                Duration.ofHours(1), 10, defaultRedis()));
        for (int i = 0; i < 1000; i++) {
            store.remember("msg-" + i, new SentRecord("twilio", "SM" + i, CLOCK.instant()));
        }

        // Caffeine evicts asynchronously; it settles at the bound.
        await().atMost(Duration.ofSeconds(2)).until(() -> countPresent(store) <= 10);
    }

    @Test
    void aStoreThatFailsNeverStopsASendWhenNotRequired() {
        SendDeduplication deduplication = new SendDeduplication(BROKEN, OPTIONAL, meters, CLOCK);

        assertThat(deduplication.previousSend(context("msg-1"))).isEmpty();
        deduplication.recordSend(context("msg-1"), new SendResult.Sent("twilio", "SM1"));

        assertThat(meters.get("sms.dedup.store.errors").tag("operation", "find").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("sms.dedup.store.errors").tag("operation", "remember").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aRequiredStoreThatFailsStopsTheSend() {
        SendDeduplication deduplication = new SendDeduplication(BROKEN,
                new DedupRequirement(DedupProperties.Store.REDIS, null), meters, CLOCK);

        assertThatThrownBy(() -> deduplication.previousSend(context("msg-1")))
                .isInstanceOf(SentRecordUnavailableException.class)
                .hasMessageContaining("sms.dedup.required");
        assertThat(meters.get("sms.dedup.store.errors").tag("operation", "find").counter().count()).isEqualTo(1.0);
    }

    @Test
    void theRecordIsRequiredByDefaultOnlyWhenItIsShared() {
        assertThat(new DedupRequirement(DedupProperties.Store.REDIS, null).storeRequired()).isTrue();
        assertThat(new DedupRequirement(DedupProperties.Store.MEMORY, null).storeRequired()).isFalse();
        assertThat(new DedupRequirement(DedupProperties.Store.NONE, null).storeRequired()).isFalse();
        assertThat(new DedupRequirement(DedupProperties.Store.REDIS, false).storeRequired()).isFalse();
        assertThat(new DedupRequirement(DedupProperties.Store.MEMORY, true).storeRequired()).isTrue();
    }

    @Test
    void theRedisPasswordIsNeverPrinted() {
        DedupProperties.Redis redis = new DedupProperties.Redis("redis://user:s3cret@redis.internal:6379/0", "p:", Duration.ofMillis(500));

        assertThat(redis.toString()).doesNotContain("s3cret").contains("redis.internal");
    }

    static long countPresent(InMemorySentStore store) {
        long present = 0;
        for (int i = 0; i < 1000; i++) {
            present += store.find("msg-" + i).isPresent() ? 1 : 0;
        }
        return present;
    }

    static InMemorySentStore memory(Duration ttl) {
        return new InMemorySentStore(new DedupProperties(DedupProperties.Store.MEMORY, ttl, 1000, defaultRedis()));
    }

    static DedupProperties.Redis defaultRedis() {
        return new DedupProperties.Redis("redis://127.0.0.1:6379", "sms-worker:sent:", Duration.ofMillis(500));
    }

    static MessageContext context(String messageId) {
        return new MessageContext(null, messageId, "corr", Kind.OTP, 1, CLOCK.instant(), "send.otp", "sms.send.otp");
    }
}
