package dev.smsworker.worker.failover;

import dev.smsworker.worker.support.LocalRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against the local Redis (127.0.0.1:6379), shared: every key of this test starts with its own prefix. */
class RedisKeptRequestsIT {

    final String prefix = "sms-worker-test:" + UUID.randomUUID() + ":";
    final JsonMapper json = JsonMapper.builder().build();
    final String key = Base64.getEncoder().encodeToString(new byte[32]);

    @AfterEach
    void deleteTheKeys() {
        LocalRedis.deleteKeys(prefix);
    }

    @Test
    void aKeptRequestIsSealedInRedisForItsTimeToLiveAndReadBackWhole() {
        KeptRequest request = new KeptRequest("m-1", "send.otp", "+4791234567", dev.smsworker.contracts.Kind.OTP,
                java.time.Instant.parse("2030-01-01T12:00:00Z"), "twilio", "application/json", null, "c-1", null, null,
                java.util.Map.of("sms-attempt", 1, "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
                "{\"to\":\"+4791234567\",\"body\":\"Your code is 123456\"}".getBytes(StandardCharsets.UTF_8));
        try (RedisKeptRequests kept = new RedisKeptRequests(LocalRedis.URI, Duration.ofSeconds(2), prefix, new RequestSeal(key), json);
             RedisClient client = RedisClient.create(LocalRedis.URI);
             StatefulRedisConnection<String, String> redis = client.connect()) {
            kept.keep(request, Duration.ofMinutes(10));

            String stored = redis.sync().get(prefix + "request m-1");
            assertThat(stored).doesNotContain("4791234567").doesNotContain("123456");
            assertThat(redis.sync().pttl(prefix + "request m-1")).isBetween(1L, Duration.ofMinutes(10).toMillis());

            KeptRequest read = kept.find("m-1");
            assertThat(read.to()).isEqualTo("+4791234567");
            assertThat(read.body()).isEqualTo(request.body());
            assertThat(read.headers()).containsEntry("sms-attempt", 1).containsKey("traceparent");
            assertThat(read.sentBy()).isEqualTo("twilio");
            assertThat(kept.find("m-2")).isNull();
        }
        // Another worker with another key can't read it: it fails, and the receipt is processed again later.
        try (RedisKeptRequests other = new RedisKeptRequests(LocalRedis.URI, Duration.ofSeconds(2), prefix,
                new RequestSeal(Base64.getEncoder().encodeToString("0123456789abcdef".getBytes())), json)) {
            assertThatThrownBy(() -> other.find("m-1")).isInstanceOf(IllegalStateException.class);
        }
    }
}
