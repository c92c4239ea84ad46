package dev.smsworker.worker.dedup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SentTableTest {

    static final Fingerprint FINGERPRINT = Fingerprint.of("+4791234567", "hi");

    @Test
    void aRecordIsFoundWithEverythingTheRedeliveryEventNeeds() {
        SentTable table = new SentTable(10, Duration.ofHours(1).toMillis());
        table.put(MessageKey.of("msg-1"), FINGERPRINT, "twilio", "SM0123456789abcdef0123456789abcdef", 1_000);

        assertThat(table.find(MessageKey.of("msg-1"), 2_000)).isEqualTo(new SentRecord("twilio",
                "SM0123456789abcdef0123456789abcdef", Instant.ofEpochMilli(1_000), FINGERPRINT.hex()));
        assertThat(table.find(MessageKey.of("msg-2"), 2_000)).isNull();
    }

    @Test
    void aLongOrNonAsciiProviderIdIsKeptAsUnknown() {
        SentTable table = new SentTable(10, 60_000);
        table.put(MessageKey.of("long"), FINGERPRINT, "http", "x".repeat(SentTable.ID_BYTES + 1), 0);
        table.put(MessageKey.of("unicode"), FINGERPRINT, "http", "ørn-1", 0);
        table.put(MessageKey.of("none"), FINGERPRINT, "http", null, 0);

        assertThat(table.find(MessageKey.of("long"), 1).providerMessageId()).isNull();
        assertThat(table.find(MessageKey.of("unicode"), 1).providerMessageId()).isNull();
        assertThat(table.find(MessageKey.of("none"), 1).providerMessageId()).isNull();
        assertThat(table.find(MessageKey.of("none"), 1).provider()).isEqualTo("http");
    }

    @Test
    void aRecordExpiresAfterTheTtl() {
        SentTable table = new SentTable(10, 1_000);
        table.put(MessageKey.of("msg-1"), FINGERPRINT, "twilio", "SM1", 5_000);

        assertThat(table.find(MessageKey.of("msg-1"), 5_999)).isNotNull();
        assertThat(table.find(MessageKey.of("msg-1"), 6_000)).isNull();
    }

    /** Many more ids than room, in random order: the newest {@code capacity} are found, every older one is not. */
    @Test
    void theTableHoldsExactlyTheNewestEntriesUpToItsBound() {
        int capacity = 64;
        SentTable table = new SentTable(capacity, Long.MAX_VALUE);
        Deque<String> newest = new ArrayDeque<>();
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            String id = "msg-" + random.nextLong();
            table.put(MessageKey.of(id), FINGERPRINT, "p" + (i % 3), "id-" + i, i);
            newest.addLast(id);
            if (newest.size() > capacity) {
                String evicted = newest.removeFirst();
                assertThat(table.find(MessageKey.of(evicted), i)).as("evicted at %d", i).isNull();
            }
            if (i % 97 == 0) {
                for (String kept : newest) {
                    assertThat(table.find(MessageKey.of(kept), i)).as("kept at %d", i).isNotNull();
                }
            }
        }
        assertThat(table.size()).isEqualTo(capacity);
    }

    /**
     * Issue 16: the Caffeine record held about 290 bytes per entry (58 MiB at the default 200,000). Measured
     * here without JOL: heap in use after a full collection, before and after filling 200,000 entries.
     */
    @Test
    void twoHundredThousandRecordsTakeAThirdOfWhatTheyDid() {
        int entries = 200_000;
        long before = usedAfterGc();
        SentTable table = new SentTable(entries, Duration.ofHours(24).toMillis());
        for (int i = 0; i < entries; i++) {
            table.put(MessageKey.of("msg-" + i), FINGERPRINT, "twilio", "SM" + "%032x".formatted(i), i);
        }
        long perEntry = (usedAfterGc() - before) / entries;
        System.out.printf("sent-id record, memory store: %d bytes per entry at %,d entries (%.1f MiB)%n",
                perEntry, entries, perEntry * entries / 1048576.0);
        assertThat(table.find(MessageKey.of("msg-0"), 1)).isNotNull();
        // About 84 bytes by the arrays' sizes; the bound leaves room for what else the JVM allocates meanwhile.
        assertThat(perEntry).isLessThan(120);
    }

    /** The same measurement of the store this replaced, for the comparison in the README (not an assertion). */
    @Test
    void forComparisonTheCaffeineRecordOfStringIds() {
        int entries = 200_000;
        long before = usedAfterGc();
        Cache<String, SentRecord> cache = Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(24)).maximumSize(entries).build();
        for (int i = 0; i < entries; i++) {
            cache.put("msg-" + java.util.UUID.randomUUID(), new SentRecord("twilio", "SM" + "%032x".formatted(i), Instant.now(), null));
        }
        cache.cleanUp();
        long perEntry = (usedAfterGc() - before) / entries;
        System.out.printf("sent-id record, Caffeine as before: %d bytes per entry at %,d entries%n", perEntry, entries);
        assertThat(cache.estimatedSize()).isEqualTo(entries);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
