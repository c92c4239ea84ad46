package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.DeliveryStatus;
import dev.smsworker.contracts.Kind;
import dev.smsworker.worker.support.LocalRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the local Redis (127.0.0.1:6379), shared: every key of this test starts with its own prefix. */
class RedisDeliveryRecordsIT {

    static final String REDIS = LocalRedis.URI;
    static final Instant T0 = Instant.parse("2030-01-01T12:00:00Z");

    final String prefix = "sms-worker-test:" + UUID.randomUUID() + ":";
    final JsonMapper json = JsonMapper.builder().build();

    @AfterEach
    void deleteTheKeys() {
        LocalRedis.deleteKeys(prefix);
    }

    RedisDeliveryRecords records() {
        return new RedisDeliveryRecords(REDIS, Duration.ofSeconds(2), prefix, Duration.ofHours(1), json);
    }

    static TrackedSend sent(String messageId, String providerMessageId) {
        return new TrackedSend(messageId, "c-1", Kind.OTP, 1, T0, "vonage", providerMessageId, T0, null, null, null);
    }

    static DeliveryReceipt receipt(String providerMessageId, String reference, DeliveryStatus status) {
        return new DeliveryReceipt("vonage", providerMessageId, reference, status, status.wireName(), null, T0.plusSeconds(9), T0.plusSeconds(9));
    }

    @Test
    void aSendRecordedByOneWorkerIsFoundByAnotherByProviderIdOrByOurId() {
        try (RedisDeliveryRecords first = records(); RedisDeliveryRecords second = records()) {
            first.track(sent("m-1", "0A01"));
            first.track(sent("m-2", null));

            Effect byId = second.apply(receipt("0A01", null, DeliveryStatus.DELIVERED));
            assertThat(byId).isInstanceOf(Effect.Final.class);
            assertThat(((Effect.Final) byId).send().messageId()).isEqualTo("m-1");
            assertThat(second.apply(receipt("0A99", "m-2", DeliveryStatus.UNDELIVERED))).isInstanceOf(Effect.Final.class);
            assertThat(first.apply(receipt("0A01", null, DeliveryStatus.UNDELIVERED))).extracting(e -> ((Effect.Unchanged) e).reason()).isEqualTo("after-final");
            assertThat(first.apply(receipt("0A77", null, DeliveryStatus.DELIVERED))).isInstanceOf(Effect.UnknownMessage.class);
        }
    }

    @Test
    void copiesOfOneReceiptAppliedByTwoWorkersAtOnceGiveOneFinalStatus() throws Exception {
        try (RedisDeliveryRecords first = records(); RedisDeliveryRecords second = records();
             ExecutorService threads = Executors.newFixedThreadPool(8)) {
            first.track(sent("m-1", "0A01"));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Effect>> effects = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                RedisDeliveryRecords records = i % 2 == 0 ? first : second;
                effects.add(threads.submit(() -> {
                    start.await();
                    return records.apply(receipt("0A01", null, DeliveryStatus.DELIVERED));
                }));
            }
            start.countDown();
            int finals = 0;
            for (Future<Effect> effect : effects) {
                finals += effect.get() instanceof Effect.Final ? 1 : 0;
            }
            assertThat(finals).isEqualTo(1);
        }
    }
}
