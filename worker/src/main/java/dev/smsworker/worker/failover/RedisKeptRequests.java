package dev.smsworker.worker.failover;

import dev.smsworker.worker.redis.LazyRedisConnection;
import io.lettuce.core.SetArgs;
import io.lettuce.core.codec.StringCodec;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

/**
 * Kept requests in Redis, shared by every worker (a receipt may reach any of them): {@code <prefix>request
 * <messageId>} holds the request as JSON sealed by {@link RequestSeal}, with the request's own time to live. Uses
 * the sent-id record's Redis ({@code sms.dedup.redis.uri}, {@code .timeout}).
 */
final class RedisKeptRequests implements KeptRequests, AutoCloseable {

    private final LazyRedisConnection<String, String> connection;
    private final String prefix;
    private final RequestSeal seal;
    private final JsonMapper json;

    /** @throws IllegalArgumentException when the URI is not one (the message names the property, never the value) */
    RedisKeptRequests(String uri, Duration timeout, String prefix, RequestSeal seal, JsonMapper json) {
        this.connection = LazyRedisConnection.reconnecting(uri, "sms.dedup.redis.uri", timeout, StringCodec.UTF8, Duration.ZERO);
        this.prefix = prefix;
        this.seal = seal;
        this.json = json;
    }

    @Override
    public void keep(KeptRequest request, Duration ttl) {
        String sealed = seal.seal(request.messageId(), json.writeValueAsBytes(request));
        connection.get().sync().set(key(request.messageId()), sealed, SetArgs.Builder.px(Math.max(1, ttl.toMillis())));
    }

    @Override
    public KeptRequest find(String messageId) {
        String sealed = connection.get().sync().get(key(messageId));
        return sealed == null ? null : json.readValue(seal.open(messageId, sealed), KeptRequest.class);
    }

    private String key(String messageId) {
        return prefix + "request " + messageId;
    }

    @Override
    public void close() {
        connection.close();
    }
}
