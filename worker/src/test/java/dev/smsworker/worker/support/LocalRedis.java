package dev.smsworker.worker.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The local Redis (127.0.0.1:6379) the Redis ITs run against. It is shared with other test runs, so every test
 * writes under a prefix of its own and deletes that prefix's keys after.
 */
public final class LocalRedis {

    public static final String URI = "redis://127.0.0.1:6379";

    private LocalRedis() {
    }

    /** Deletes every key starting with {@code prefix} (a test's own; never empty). */
    public static void deleteKeys(String prefix) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("an empty prefix would delete everyone's keys");
        }
        RedisClient client = RedisClient.create(URI);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            var keys = connection.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }
}
