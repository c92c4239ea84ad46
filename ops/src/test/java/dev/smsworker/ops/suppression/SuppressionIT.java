package dev.smsworker.ops.suppression;

import dev.smsworker.contracts.SuppressedNumber;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.support.Cli;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sms-ops suppression list|remove} against the local Redis (127.0.0.1:6379, shared by others: this test's
 * keys start with its own prefix and are deleted after), with entries as the worker's guard writes them.
 */
class SuppressionIT {

    static final String REDIS = "redis://127.0.0.1:6379";

    final String prefix = "sms-ops-test:guard:" + UUID.randomUUID() + ":";
    final Cli cli = new Cli(null, null).withEnv(Map.of("SMS_OPS_REDIS_URI", REDIS));
    RedisClient client;
    StatefulRedisConnection<String, String> redis;

    @BeforeEach
    void connect() {
        client = RedisClient.create(REDIS);
        redis = client.connect();
    }

    @AfterEach
    void deleteTheKeys() {
        var keys = redis.sync().keys(prefix + "*");
        if (!keys.isEmpty()) {
            redis.sync().del(keys.toArray(String[]::new));
        }
        redis.close();
        client.shutdown();
    }

    @Test
    void listShowsMaskedNumbersNewestFirstAndRemoveLiftsOne() {
        suppress("+4791234567", "OPTED_OUT", "twilio:21610", "2026-11-30T10:00:00Z");
        suppress("+46701234567", "LANDLINE", "twilio:21614", "2026-11-30T11:00:00Z");

        Cli.Run list = cli.runExactly("suppression", "list", "--key-prefix", prefix);
        assertThat(list.exitCode()).as(list.err()).isEqualTo(ExitCodes.OK);
        assertThat(list.out()).contains("+47******67", "OPTED_OUT", "twilio:21610", "+46*******67", "LANDLINE")
                .doesNotContain("91234567", "701234567");
        assertThat(list.out().indexOf("LANDLINE")).as("newest first").isLessThan(list.out().indexOf("OPTED_OUT"));

        Cli.Run remove = cli.runExactly("suppression", "remove", "+4791234567", "--key-prefix", prefix);
        assertThat(remove.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(remove.out()).contains("+47******67: suppression lifted");
        assertThat(redis.sync().exists(prefix + SuppressedNumber.key("+4791234567"))).isZero();
        assertThat(cli.runExactly("suppression", "remove", "+4791234567", "--key-prefix", prefix).exitCode())
                .isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli.runExactly("suppression", "list", "--key-prefix", prefix).out()).doesNotContain("OPTED_OUT");
    }

    @Test
    void withoutTheRedisUriItSaysWhichVariableToSet() {
        Cli.Run run = new Cli(null, null).runExactly("suppression", "list");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("SMS_OPS_REDIS_URI");
    }

    void suppress(String number, String reason, String answer, String since) {
        String masked = dev.smsworker.contracts.PhoneMask.mask(number);
        redis.sync().set(prefix + SuppressedNumber.key(number),
                new SuppressedNumber(masked, reason, answer, Instant.parse(since)).toText());
    }
}
