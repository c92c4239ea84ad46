package dev.smsworker.worker.dedup;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;

/**
 * Asks the sent-record Redis, with the store's own URI and credentials, whether it answers: {@code PING}
 * on a connection of its own, so a probe never waits behind sends (and works whatever the store's
 * commands are). Not thread-safe: one caller, the {@link SentRecordAvailability} tick.
 */
final class RedisProbe implements AutoCloseable {

    private final RedisClient client;
    private final String target;
    private final String password;
    private StatefulRedisConnection<String, String> connection;

    RedisProbe(DedupProperties.Redis redis) {
        RedisURI uri = RedisURI.create(redis.uri());
        uri.setTimeout(redis.timeout());
        this.target = uri.getHost() + ":" + uri.getPort();
        this.password = secretOf(redis.uri());
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(redis.timeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(redis.timeout()))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(false) // each tick decides; a stale connection is dropped and opened again
                .build());
    }

    /** {@code host:port}, never the password. */
    String target() {
        return target;
    }

    /** Throws when Redis does not answer {@code PONG} within the store's timeout (unreachable, refused, wrong password). */
    void ping() {
        try {
            if (connection == null || !connection.isOpen()) {
                connection = client.connect();
            }
            connection.sync().ping();
        } catch (RuntimeException e) {
            dropConnection();
            throw e;
        }
    }

    /** The failure's root cause in one line, with the password (should Redis or the client echo it) masked. */
    String describe(RuntimeException failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        if (!password.isEmpty()) {
            message = message.replace(password, "<hidden>");
        }
        return root.getClass().getSimpleName() + message.replaceAll("//[^@/\\s]*@", "//<hidden>@");
    }

    /** The password part of {@code redis://[user:]password@host}, empty when there is none. */
    private static String secretOf(String uri) {
        String userInfo = java.net.URI.create(uri).getRawUserInfo();
        if (userInfo == null) {
            return "";
        }
        return userInfo.substring(userInfo.indexOf(':') + 1);
    }

    private void dropConnection() {
        if (connection != null) {
            connection.closeAsync();
            connection = null;
        }
    }

    @Override
    public void close() {
        dropConnection();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
