package dev.smsworker.worker.dedup;

import dev.smsworker.worker.redis.LazyRedisConnection;

/**
 * Asks the sent-record Redis, with the store's own URI and credentials, whether it answers: {@code PING}
 * on a connection of its own, so a probe never waits behind sends (and works whatever the store's
 * commands are). Not thread-safe: one caller, the {@link SentRecordAvailability} tick.
 */
final class RedisProbe implements AutoCloseable {

    // Not reconnecting by itself: each tick decides; a stale connection is dropped and opened again.
    private final LazyRedisConnection<String, String> connection;
    private final String password;

    /** @throws IllegalArgumentException when the URI is not one (the message names the property, never the value) */
    RedisProbe(DedupProperties.Redis redis) {
        this.connection = LazyRedisConnection.onDemand(redis.uri(), "sms.dedup.redis.uri", redis.timeout());
        this.password = secretOf(redis.uri());
    }

    /** {@code host:port}, never the password. */
    String target() {
        return connection.target();
    }

    /** Throws when Redis does not answer {@code PONG} within the store's timeout (unreachable, refused, wrong password). */
    void ping() {
        try {
            connection.get().sync().ping();
        } catch (RuntimeException e) {
            connection.drop();
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

    @Override
    public void close() {
        connection.close();
    }
}
