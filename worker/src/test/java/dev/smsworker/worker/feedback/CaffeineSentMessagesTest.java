package dev.smsworker.worker.feedback;

import dev.smsworker.contracts.Kind;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CaffeineSentMessagesTest {

    static final SentMessage TWILIO_NO = new SentMessage("twilio", "NO", Kind.OTP, Instant.parse("2030-01-01T12:00:00Z"));

    final AtomicLong nanos = new AtomicLong();
    final CaffeineSentMessages records = new CaffeineSentMessages(Duration.ofHours(1), 1000, nanos::get);

    @Test
    void theFirstFeedbackForASentMessageCountsWithWhoSentItWhere() {
        records.remember("m-1", TWILIO_NO);

        assertThat(records.convert("m-1")).isEqualTo(new Conversion.Counted(TWILIO_NO));
    }

    /** Publishers send feedback twice; a second "verified" for the same message counts nothing. */
    @Test
    void aSecondFeedbackForTheSameMessageIsADuplicate() {
        records.remember("m-1", TWILIO_NO);
        records.convert("m-1");

        assertThat(records.convert("m-1")).isEqualTo(new Conversion.Duplicate());
        assertThat(records.convert("m-1")).isEqualTo(new Conversion.Duplicate());
    }

    @Test
    void feedbackForAMessageNeverSentIsUnmatched() {
        assertThat(records.convert("never-sent")).isEqualTo(new Conversion.Unmatched());
    }

    @Test
    void aMessageIsForgottenRecordTtlAfterItsSend() {
        records.remember("m-1", TWILIO_NO);
        records.remember("m-2", TWILIO_NO);

        nanos.addAndGet(Duration.ofMinutes(59).toNanos());
        assertThat(records.convert("m-1")).isInstanceOf(Conversion.Counted.class);
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());

        assertThat(records.convert("m-2")).isEqualTo(new Conversion.Unmatched());
        // The conversion was a write: its mark outlives the send by the TTL, so a late duplicate is still one.
        assertThat(records.convert("m-1")).isEqualTo(new Conversion.Duplicate());
    }

    /** A retry after an ambiguous send sends the message again: the newer provider counts, the conversion stays. */
    @Test
    void aSecondSendReplacesTheRecordButNotItsConversion() {
        SentMessage vonage = new SentMessage("vonage", "NO", Kind.OTP, TWILIO_NO.sentAt().plusSeconds(60));
        records.remember("m-1", TWILIO_NO);
        records.remember("m-1", vonage);
        assertThat(records.convert("m-1")).isEqualTo(new Conversion.Counted(vonage));

        records.remember("m-1", TWILIO_NO);

        assertThat(records.convert("m-1")).isEqualTo(new Conversion.Duplicate());
    }

    @Test
    void theRecordKeepsAtMostMaxRecords() {
        CaffeineSentMessages small = new CaffeineSentMessages(Duration.ofHours(1), 100, nanos::get);
        for (int i = 0; i < 1000; i++) {
            small.remember("m-" + i, TWILIO_NO);
        }

        assertThat(small.size()).isLessThanOrEqualTo(100);
    }

    /** Two consumer threads given copies of one feedback at once count it once. */
    @Test
    void copiesConvertedConcurrentlyCountOnce() throws Exception {
        records.remember("m-1", TWILIO_NO);
        List<Callable<Conversion>> copies = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            copies.add(() -> records.convert("m-1"));
        }
        List<Conversion> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (Future<Conversion> result : threads.invokeAll(copies)) {
                results.add(result.get());
            }
        }

        assertThat(results).filteredOn(Conversion.Counted.class::isInstance).hasSize(1);
        assertThat(results).filteredOn(Conversion.Duplicate.class::isInstance).hasSize(15);
    }

    /** A figure for the README (sms.feedback.max-records), not a target: heap after a full collection, before and after. */
    @Test
    void fiftyThousandRecordsMemory() {
        int entries = 50_000;
        long before = usedAfterGc();
        CaffeineSentMessages full = new CaffeineSentMessages(Duration.ofHours(1), entries);
        for (int i = 0; i < entries; i++) {
            full.remember("msg-" + UUID.randomUUID(), new SentMessage("twilio", "NO", Kind.OTP, Instant.now()));
        }
        long perEntry = (usedAfterGc() - before) / entries;
        System.out.printf("conversion record, memory store: %d bytes per entry at %,d entries (%.1f MiB)%n",
                perEntry, entries, perEntry * entries / 1048576.0);
        assertThat(full.size()).isEqualTo(entries);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
