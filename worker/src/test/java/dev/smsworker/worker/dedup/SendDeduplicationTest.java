package dev.smsworker.worker.dedup;

import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.providers.SendResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SendDeduplicationTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-14T10:00:00Z"), ZoneOffset.UTC);
    static final SmsRequest REQUEST = SmsRequest.of("+4791234567", "Your code is 1234");

    static final DedupRequirement OPTIONAL = new DedupRequirement(DedupProperties.Store.MEMORY, null);
    static final DedupRequirement REQUIRED = new DedupRequirement(DedupProperties.Store.REDIS, null);
    static final SentStore BROKEN = new SentStore() {
        @Override
        public Optional<IdHolder> claim(String messageId, InFlight claim) {
            throw new IllegalStateException("Redis unreachable");
        }

        @Override
        public boolean renew(String messageId, InFlight claim) {
            throw new IllegalStateException("Redis unreachable");
        }

        @Override
        public void remember(String messageId, InFlight claim, SentRecord record) {
            throw new IllegalStateException("Redis unreachable");
        }

        @Override
        public void release(String messageId, InFlight claim) {
            throw new IllegalStateException("Redis unreachable");
        }
    };

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aRecordedSendIsFoundAgainAndCountedAsADuplicate() {
        SendDeduplication deduplication = deduplication(memory(Duration.ofHours(24), Duration.ofMinutes(5)), Duration.ofSeconds(1));
        MessageContext context = context("msg-1");

        Claim.Held held = (Claim.Held) deduplication.claim(context, REQUEST);
        deduplication.recordSend(held, new SendResult.Sent("twilio", "SM1"));

        assertThat(deduplication.claim(context, REQUEST)).isEqualTo(new Claim.AlreadySent(
                new SentRecord("twilio", "SM1", CLOCK.instant(), Fingerprint.of(REQUEST.to(), REQUEST.body()).hex())));
        assertThat(meters.get("sms.dedup.duplicates").tag("kind", "otp").counter().count()).isEqualTo(1.0);
    }

    /** Issue 9: one id published twice 0.5 s apart while the provider takes 1.5 s went out twice. */
    @Test
    void aSecondDeliveryWhileTheFirstIsSendingWaitsAndThenFindsItSent() throws Exception {
        SendDeduplication deduplication = deduplication(memory(Duration.ofHours(24), Duration.ofMinutes(5)), Duration.ofSeconds(10));
        Claim.Held first = (Claim.Held) deduplication.claim(context("msg-1"), REQUEST);

        CompletableFuture<Claim> second = CompletableFuture.supplyAsync(() -> deduplication.claim(context("msg-1"), REQUEST));
        Thread.sleep(200); // the second has found the claim and waits; it must not have been given one
        assertThat(second).isNotDone();
        deduplication.recordSend(first, new SendResult.Sent("twilio", "SM1"));

        assertThat(second.get(5, TimeUnit.SECONDS)).isInstanceOf(Claim.AlreadySent.class);
    }

    @Test
    void aClaimReleasedAfterAFailedSendPassesToTheWaitingDelivery() throws Exception {
        SendDeduplication deduplication = deduplication(memory(Duration.ofHours(24), Duration.ofMinutes(5)), Duration.ofSeconds(10));
        Claim.Held first = (Claim.Held) deduplication.claim(context("msg-1"), REQUEST);

        CompletableFuture<Claim> second = CompletableFuture.supplyAsync(() -> deduplication.claim(context("msg-1"), REQUEST));
        deduplication.release(first);

        assertThat(second.get(5, TimeUnit.SECONDS)).isInstanceOf(Claim.Held.class);
    }

    @Test
    void aSendThatOutlastsTheClaimWaitHandsTheSecondDeliveryBack() {
        SendDeduplication deduplication = deduplication(memory(Duration.ofHours(24), Duration.ofMinutes(5)), Duration.ofMillis(300));
        deduplication.claim(context("msg-1"), REQUEST);

        assertThat(deduplication.claim(context("msg-1"), REQUEST)).isInstanceOf(Claim.InProgress.class);
        assertThat(meters.get("sms.dedup.in.progress").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aClaimHoldsNoLongerThanTheClaimTimeout() {
        InMemorySentStore store = new InMemorySentStore(properties(Duration.ofHours(1), 1000, Duration.ofMillis(300)), Clock.systemUTC());
        SendDeduplication deduplication = deduplication(store, Duration.ZERO);
        deduplication.claim(context("msg-1"), REQUEST);

        assertThat(deduplication.claim(context("msg-1"), REQUEST)).isInstanceOf(Claim.InProgress.class);
        await().atMost(Duration.ofSeconds(3)).until(() -> deduplication.claim(context("msg-1"), REQUEST) instanceof Claim.Held);
    }

    @Test
    void ofManyDeliveriesOfOneIdAtOnceExactlyOneHoldsTheClaim() throws Exception {
        SendDeduplication deduplication = deduplication(memory(Duration.ofHours(24), Duration.ofMinutes(5)), Duration.ZERO);
        int deliveries = 32;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Claim>> claims = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(deliveries)) {
            for (int i = 0; i < deliveries; i++) {
                claims.add(CompletableFuture.supplyAsync(() -> {
                    awaitLatch(start);
                    return deduplication.claim(context("msg-1"), REQUEST);
                }, threads));
            }
            start.countDown();
            long held = 0;
            for (CompletableFuture<Claim> claim : claims) {
                held += claim.get(10, TimeUnit.SECONDS) instanceof Claim.Held ? 1 : 0;
            }
            assertThat(held).isEqualTo(1);
        }
    }

    /** Issue 9: another request under a known id was acked as "already sent" and never sent. */
    @Test
    void aKnownIdWithAnotherRecipientOrTextIsReused() {
        SendDeduplication deduplication = deduplication(memory(Duration.ofHours(24), Duration.ofMinutes(5)), Duration.ofSeconds(1));
        Claim.Held held = (Claim.Held) deduplication.claim(context("msg-1"), REQUEST);

        assertThat(deduplication.claim(context("msg-1"), SmsRequest.of("+4791234567", "another text")))
                .isEqualTo(new Claim.Reused(false));
        deduplication.recordSend(held, new SendResult.Sent("twilio", "SM1"));

        assertThat(deduplication.claim(context("msg-1"), SmsRequest.of("+4798765432", REQUEST.body())))
                .isEqualTo(new Claim.Reused(true));
        assertThat(deduplication.claim(context("msg-1"), REQUEST)).isInstanceOf(Claim.AlreadySent.class);
        assertThat(meters.get("sms.dedup.reused").counter().count()).isEqualTo(2.0);
    }

    @Test
    void aRecordWithoutAFingerprintCountsAsTheSameMessage() {
        SentStore store = new SentStore() {
            @Override
            public Optional<IdHolder> claim(String messageId, InFlight claim) {
                return Optional.of(new SentRecord("twilio", "SM1", CLOCK.instant(), null));
            }

            @Override
            public boolean renew(String messageId, InFlight claim) {
                return true;
            }

            @Override
            public void remember(String messageId, InFlight claim, SentRecord record) {
            }

            @Override
            public void release(String messageId, InFlight claim) {
            }
        };
        assertThat(deduplication(store, Duration.ZERO).claim(context("msg-1"), REQUEST)).isInstanceOf(Claim.AlreadySent.class);
    }

    @Test
    void aRecordIsForgottenAfterItsTtl() {
        InMemorySentStore store = new InMemorySentStore(properties(Duration.ofMillis(200), 1000, Duration.ofMinutes(5)), Clock.systemUTC());
        SendDeduplication deduplication = deduplication(store, Duration.ZERO);
        deduplication.recordSend((Claim.Held) deduplication.claim(context("msg-1"), REQUEST), new SendResult.Sent("twilio", "SM1"));

        await().atMost(Duration.ofSeconds(2)).until(() -> deduplication.claim(context("msg-1"), REQUEST) instanceof Claim.Held);
    }

    @Test
    void aStoreThatFailsNeverStopsASendWhenNotRequired() {
        SendDeduplication deduplication = deduplication(BROKEN, OPTIONAL, Duration.ZERO);

        Claim claim = deduplication.claim(context("msg-1"), REQUEST);
        assertThat(claim).isInstanceOf(Claim.Held.class);
        deduplication.recordSend((Claim.Held) claim, new SendResult.Sent("twilio", "SM1"));

        assertThat(meters.get("sms.dedup.store.errors").tag("operation", "claim").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("sms.dedup.store.errors").tag("operation", "remember").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aRequiredStoreThatFailsStopsTheSend() {
        SendDeduplication deduplication = deduplication(BROKEN, REQUIRED, Duration.ZERO);

        assertThatThrownBy(() -> deduplication.claim(context("msg-1"), REQUEST))
                .isInstanceOf(SentRecordUnavailableException.class)
                .hasMessageContaining("sms.dedup.required");
        assertThat(meters.get("sms.dedup.store.errors").tag("operation", "claim").counter().count()).isEqualTo(1.0);
    }

    /** The SMS is out once recordSend runs: a required store failing then must not hand the message back. */
    @Test
    void aRequiredStoreThatFailsAfterTheClaimNeitherStopsTheAckNorTheRelease() {
        InMemorySentStore memory = memory(Duration.ofHours(24), Duration.ofMinutes(5));
        SentStore failsAfterClaim = new SentStore() {
            @Override
            public Optional<IdHolder> claim(String messageId, InFlight claim) {
                return memory.claim(messageId, claim);
            }

            @Override
            public boolean renew(String messageId, InFlight claim) {
                return true;
            }

            @Override
            public void remember(String messageId, InFlight claim, SentRecord record) {
                throw new IllegalStateException("Redis unreachable");
            }

            @Override
            public void release(String messageId, InFlight claim) {
                throw new IllegalStateException("Redis unreachable");
            }
        };
        SendDeduplication deduplication = deduplication(failsAfterClaim, REQUIRED, Duration.ZERO);

        deduplication.recordSend((Claim.Held) deduplication.claim(context("msg-1"), REQUEST), new SendResult.Sent("twilio", "SM1"));
        deduplication.release((Claim.Held) deduplication.claim(context("msg-2"), REQUEST));

        assertThat(meters.get("sms.dedup.store.errors").tag("operation", "remember").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("sms.dedup.store.errors").tag("operation", "release").counter().count()).isEqualTo(1.0);
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

    SendDeduplication deduplication(SentStore store, Duration claimWait) {
        return deduplication(store, OPTIONAL, claimWait);
    }

    SendDeduplication deduplication(SentStore store, DedupRequirement requirement, Duration claimWait) {
        DedupProperties properties = new DedupProperties(DedupProperties.Store.MEMORY, Duration.ofHours(1), 1000,
                Duration.ofMinutes(5), claimWait, Duration.ofMinutes(30), defaultRedis());
        return new SendDeduplication(store, new ClaimLeases(store, properties, meters), requirement, properties, meters, CLOCK);
    }

    static InMemorySentStore memory(Duration ttl, Duration claimTimeout) {
        return new InMemorySentStore(properties(ttl, 1000, claimTimeout), CLOCK);
    }

    static DedupProperties properties(Duration ttl, long maxEntries, Duration claimTimeout) {
        return new DedupProperties(DedupProperties.Store.MEMORY, ttl, maxEntries, claimTimeout, Duration.ofSeconds(20),
                Duration.ofMinutes(30), defaultRedis());
    }

    static DedupProperties.Redis defaultRedis() {
        return new DedupProperties.Redis("redis://127.0.0.1:6379", "sms-worker:sent:", Duration.ofMillis(500));
    }

    static MessageContext context(String messageId) {
        return new MessageContext(null, messageId, "corr", Kind.OTP, 1, CLOCK.instant(), "send.otp", "sms.send.otp");
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
