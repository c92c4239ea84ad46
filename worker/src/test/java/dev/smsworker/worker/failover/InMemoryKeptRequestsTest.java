package dev.smsworker.worker.failover;

import dev.smsworker.contracts.Kind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryKeptRequestsTest {

    @Test
    void keepsTheLastCopyPerMessageAndStaysWithinItsBytes() {
        InMemoryKeptRequests kept = new InMemoryKeptRequests(64 * 1024);
        kept.keep(request("m-1", "twilio", 100), Duration.ofMinutes(5));
        kept.keep(request("m-1", "vonage", 100), Duration.ofMinutes(5));
        assertThat(kept.find("m-1").sentBy()).isEqualTo("vonage");
        assertThat(kept.find("m-2")).isNull();

        // 1,000 requests of ~1.6 KB each cannot all fit in 64 KiB: the store stays bounded.
        for (int i = 0; i < 1_000; i++) {
            kept.keep(request("bulk-" + i, "twilio", 1_000), Duration.ofMinutes(5));
        }
        long held = java.util.stream.IntStream.range(0, 1_000).filter(i -> kept.find("bulk-" + i) != null).count();
        assertThat(held).isLessThan(64 * 1024 / 1_000);
    }

    @Test
    void forgetsARequestAfterItsOwnTimeToLive() {
        InMemoryKeptRequests kept = new InMemoryKeptRequests(1024 * 1024);
        kept.keep(request("short", "twilio", 10), Duration.ofNanos(1));
        kept.keep(request("long", "twilio", 10), Duration.ofHours(1));
        assertThat(kept.find("long")).isNotNull();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> kept.find("short") == null);
    }

    static KeptRequest request(String id, String sentBy, int bodyBytes) {
        return new KeptRequest(id, "send.otp", "+4791234567", Kind.OTP, null, sentBy, "application/json", null, "c-1", null,
                null, Map.of("sms-attempt", 1), new byte[bodyBytes]);
    }
}
