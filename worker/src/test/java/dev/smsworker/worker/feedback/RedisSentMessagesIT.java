package dev.smsworker.worker.feedback;

import dev.smsworker.contracts.Kind;
import dev.smsworker.worker.support.LocalRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Against the local Redis (127.0.0.1:6379), shared: every key of this test starts with its own prefix. */
class RedisSentMessagesIT {

    static final SentMessage TWILIO_NO = new SentMessage("twilio", "NO", Kind.OTP, Instant.parse("2030-01-01T12:00:00Z"));

    final String prefix = "sms-worker-test:" + UUID.randomUUID() + ":";
    final List<RedisSentMessages> opened = new ArrayList<>();

    @AfterEach
    void closeAndDeleteTheKeys() {
        opened.forEach(RedisSentMessages::close);
        LocalRedis.deleteKeys(prefix);
    }

    RedisSentMessages records(Duration ttl) {
        RedisSentMessages records = new RedisSentMessages(LocalRedis.URI, Duration.ofSeconds(2), prefix, ttl);
        opened.add(records);
        return records;
    }

    /** Feedback reaches whichever worker the broker picks: another worker's send is found, and counted once. */
    @Test
    void aSendRecordedByOneWorkerIsConvertedOnceByAnother() {
        RedisSentMessages sender = records(Duration.ofHours(1));
        RedisSentMessages other = records(Duration.ofHours(1));
        sender.remember("m-1", TWILIO_NO);

        assertThat(other.convert("m-1")).isEqualTo(new Conversion.Counted(TWILIO_NO));
        assertThat(sender.convert("m-1")).isEqualTo(new Conversion.Duplicate());
    }

    @Test
    void feedbackForAMessageNeverSentIsUnmatched() {
        assertThat(records(Duration.ofHours(1)).convert("never-sent")).isEqualTo(new Conversion.Unmatched());
    }

    @Test
    void aMessageIsForgottenRecordTtlAfterItsSend() {
        RedisSentMessages records = records(Duration.ofMillis(300));
        records.remember("m-1", TWILIO_NO);

        await().atMost(Duration.ofSeconds(10)).until(() -> records.convert("m-1") instanceof Conversion.Unmatched);
    }

    @Test
    void aSecondSendReplacesTheRecordButNotItsConversion() {
        RedisSentMessages records = records(Duration.ofHours(1));
        SentMessage vonage = new SentMessage("vonage", "unknown", Kind.TRANSACTIONAL, TWILIO_NO.sentAt().plusSeconds(60));
        records.remember("m-1", TWILIO_NO);
        records.remember("m-1", vonage);
        assertThat(records.convert("m-1")).isEqualTo(new Conversion.Counted(vonage));

        records.remember("m-1", TWILIO_NO);

        assertThat(records.convert("m-1")).isEqualTo(new Conversion.Duplicate());
    }

    /** Copies applied by several workers at the same moment count once (one script in Redis). */
    @Test
    void copiesConvertedConcurrentlyByManyWorkersCountOnce() throws Exception {
        records(Duration.ofHours(1)).remember("m-1", TWILIO_NO);
        List<Callable<Conversion>> copies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RedisSentMessages worker = records(Duration.ofHours(1));
            copies.add(() -> worker.convert("m-1"));
        }
        List<Conversion> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (Future<Conversion> result : threads.invokeAll(copies)) {
                results.add(result.get());
            }
        }

        assertThat(results).filteredOn(Conversion.Counted.class::isInstance).hasSize(1);
        assertThat(results).filteredOn(Conversion.Duplicate.class::isInstance).hasSize(7);
    }

    @Test
    void aRedisThatIsAwayIsAnExceptionNotAVerdict() {
        RedisSentMessages away = new RedisSentMessages("redis://127.0.0.1:1", Duration.ofMillis(300), prefix, Duration.ofHours(1));
        opened.add(away);

        assertThatThrownBy(() -> away.convert("m-1")).isInstanceOf(RuntimeException.class);
    }
}
