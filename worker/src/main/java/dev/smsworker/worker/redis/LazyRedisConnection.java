package dev.smsworker.worker.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Redis connection of the worker's, opened on first use: the Lettuce set-up the sent-id record, its probe,
 * the shared rate limits, the guard and the delivery records all use. Every command, and the connect, gives up
 * after {@code timeout}; while Redis is away commands fail at once instead of queueing, because every caller
 * holds up an SMS (or a lane) while it waits. After a failed connect the next one is tried no sooner than
 * {@code reconnectPause} later ({@link IllegalStateException} until then), so a Redis that is down costs one
 * connect timeout per pause, not one per message.
 * <p>
 * The URI may hold a password: parse errors name the property, never the value, and {@link #target()} is
 * {@code host:port} only. Thread-safe.
 */
public final class LazyRedisConnection<K, V> implements AutoCloseable {

    private final RedisClient client;
    private final RedisCodec<K, V> codec;
    private final Duration reconnectPause;
    private final boolean autoReconnect;
    private final String target;
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private volatile StatefulRedisConnection<K, V> connection;
    private volatile Instant nextConnectAttempt = Instant.MIN;

    private LazyRedisConnection(String uri, String uriProperty, Duration timeout, RedisCodec<K, V> codec,
                                Duration reconnectPause, boolean autoReconnect) {
        RedisURI parsed = parse(uri, uriProperty);
        parsed.setTimeout(timeout);
        this.target = parsed.getHost() + ":" + parsed.getPort();
        this.client = RedisClient.create(parsed);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(autoReconnect)
                .build());
        this.codec = codec;
        this.reconnectPause = reconnectPause;
        this.autoReconnect = autoReconnect;
    }

    /**
     * A connection that, once open, reconnects by itself (Lettuce's auto-reconnect) and is kept until {@link #close()}.
     *
     * @param uri            {@code redis://[[user:]password@]host[:port][/db]} or {@code rediss://}
     * @param uriProperty    the property the URI came from, e.g. {@code sms.dedup.redis.uri}, for the parse error
     * @param timeout        for the connect and for every command
     * @param reconnectPause the least time between a failed connect and the next; zero tries on every use
     * @throws IllegalArgumentException when the URI is not one (the message names the property, never the value)
     */
    public static <K, V> LazyRedisConnection<K, V> reconnecting(String uri, String uriProperty, Duration timeout,
                                                                RedisCodec<K, V> codec, Duration reconnectPause) {
        return new LazyRedisConnection<>(uri, uriProperty, timeout, codec, reconnectPause, true);
    }

    /**
     * A string connection that does not reconnect by itself: one that has closed is opened again on the next
     * {@link #get()}, and one that failed a command is dropped with {@link #drop()}. For a probe, whose every
     * tick should find out afresh whether Redis answers.
     *
     * @throws IllegalArgumentException when the URI is not one (the message names the property, never the value)
     */
    public static LazyRedisConnection<String, String> onDemand(String uri, String uriProperty, Duration timeout) {
        return new LazyRedisConnection<>(uri, uriProperty, timeout, StringCodec.UTF8, Duration.ZERO, false);
    }

    /** {@code host:port} of the URI, never its password. */
    public String target() {
        return target;
    }

    /**
     * The open connection, connecting first if there is none.
     *
     * @throws IllegalStateException within the reconnect pause after a failed connect
     * @throws RuntimeException      Lettuce's, when the connect fails (refused, timed out, wrong password)
     */
    public StatefulRedisConnection<K, V> get() {
        StatefulRedisConnection<K, V> current = connection;
        if (current != null && (autoReconnect || current.isOpen())) {
            return current;
        }
        synchronized (this) {
            if (connection != null && !autoReconnect && !connection.isOpen()) {
                drop();
            }
            if (connection == null) {
                if (Instant.now().isBefore(nextConnectAttempt)) {
                    throw new IllegalStateException("Redis unreachable; next connect attempt at " + nextConnectAttempt);
                }
                try {
                    connection = client.connect(codec);
                } catch (RuntimeException e) {
                    nextConnectAttempt = Instant.now().plus(reconnectPause);
                    throw e;
                }
            }
            return connection;
        }
    }

    /** Closes the connection, if any, without waiting; the next {@link #get()} opens a new one. */
    public synchronized void drop() {
        StatefulRedisConnection<K, V> current = connection;
        if (current != null) {
            connection = null;
            current.closeAsync();
        }
    }

    /**
     * Notes a failed use; true only for the first since the last success, so the caller logs "not reachable"
     * once per outage rather than once per message.
     */
    public boolean failed() {
        return unreachable.compareAndSet(false, true);
    }

    /** Notes a successful use; true only for the first after a failure: the caller's "reachable again". */
    public boolean succeeded() {
        return unreachable.compareAndSet(true, false);
    }

    @Override
    public void close() {
        StatefulRedisConnection<K, V> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    /**
     * Lettuce's and the JDK's parse errors quote the whole URI, password included, and a malformed URI may
     * not even look like one to {@code Secrets.redact}: ours names the property, never the value, and drops the cause.
     */
    private static RedisURI parse(String uri, String property) {
        try {
            return RedisURI.create(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(property + " is not a Redis URI (" + e.getClass().getSimpleName()
                    + "); expected redis://[[user:]password@]host[:port][/db], or rediss:// for TLS");
        }
    }
}
