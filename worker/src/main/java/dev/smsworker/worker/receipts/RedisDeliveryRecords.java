package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.worker.redis.LazyRedisConnection;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;

/**
 * Delivery records in Redis, shared by every worker (a receipt may reach any of them): {@code <prefix><provider>
 * <providerMessageId>} (or, for a send whose provider id is unknown, {@code <prefix>no-id <provider> <messageId>})
 * holds the {@link TrackedSend} as JSON, {@code <prefix>ref <provider> <messageId>} the name of that key, both for
 * {@code sms.receipts.record-ttl}. The connection opens on first use, and again after it failed. A receipt is applied by compare-and-set (a script replaces the
 * value only while it is still the one read), so two workers applying copies of one receipt give one final event.
 * Uses the sent-id record's Redis ({@code sms.dedup.redis.uri}, {@code .timeout}).
 */
final class RedisDeliveryRecords implements DeliveryRecords, AutoCloseable {

    /** Replaces KEYS[1] with ARGV[2] only while it still holds ARGV[1]; keeps its TTL. */
    private static final String COMPARE_AND_SET = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
            return 1""";
    /** Others applying the same message's receipts at the very same time: a few rounds settle it. */
    private static final int ROUNDS = 16;

    private final LazyRedisConnection<String, String> connection;
    private final String prefix;
    private final long ttlMillis;
    private final JsonMapper json;

    /** @throws IllegalArgumentException when the URI is not one (the message names the property, never the value) */
    RedisDeliveryRecords(String uri, Duration timeout, String prefix, Duration ttl, JsonMapper json) {
        // No reconnect pause: a receipt or a send that finds Redis away fails on its own, and the next tries again.
        this.connection = LazyRedisConnection.reconnecting(uri, "sms.dedup.redis.uri", timeout, StringCodec.UTF8,
                Duration.ZERO);
        this.prefix = prefix;
        this.ttlMillis = ttl.toMillis();
        this.json = json;
    }

    @Override
    public void track(TrackedSend send) {
        RedisCommands<String, String> redis = connection.get().sync();
        String key = send.providerMessageId() != null ? key(send.provider(), send.providerMessageId())
                : prefix + "no-id " + send.provider() + " " + send.messageId();
        redis.set(key, json.writeValueAsString(send), SetArgs.Builder.px(ttlMillis));
        redis.set(reference(send.provider(), send.messageId()), key, SetArgs.Builder.px(ttlMillis));
        redis.del(early(send.provider(), send.messageId()));
    }

    @Override
    public TrackedSend find(String provider, String messageId) {
        RedisCommands<String, String> redis = connection.get().sync();
        String key = redis.get(reference(provider, messageId));
        String value = redis.get(key != null ? key : early(provider, messageId));
        return value == null ? null : json.readValue(value, TrackedSend.class);
    }

    @Override
    public Effect apply(DeliveryReceipt receipt) {
        RedisCommands<String, String> redis = connection.get().sync();
        for (int round = 0; round < ROUNDS; round++) {
            String key = find(redis, receipt);
            String current = key == null ? null : redis.get(key);
            Effect effect = ReceiptLedger.decide(current == null ? null : json.readValue(current, TrackedSend.class), receipt);
            TrackedSend updated = switch (effect) {
                case Effect.Final f -> f.send();
                case Effect.Progress p -> p.send();
                case Effect.UnknownMessage ignored -> null;
                case Effect.Unchanged ignored -> null;
            };
            if (effect instanceof Effect.UnknownMessage) {
                keepEarly(redis, receipt);
            }
            if (updated == null) {
                return effect;
            }
            Long swapped = redis.eval(COMPARE_AND_SET, ScriptOutputType.INTEGER, new String[]{key}, current, json.writeValueAsString(updated));
            if (swapped != null && swapped == 1) {
                return effect;
            }
        }
        throw new IllegalStateException("the message's delivery record kept changing under " + ROUNDS + " attempts");
    }

    private String find(RedisCommands<String, String> redis, DeliveryReceipt receipt) {
        if (receipt.providerMessageId() != null) {
            String key = key(receipt.provider(), receipt.providerMessageId());
            if (redis.exists(key) == 1) {
                return key;
            }
        }
        return receipt.clientReference() == null ? null : redis.get(reference(receipt.provider(), receipt.clientReference()));
    }

    /** Not compare-and-set: early receipts of one message racing each other only lose an intermediate status. */
    private void keepEarly(RedisCommands<String, String> redis, DeliveryReceipt receipt) {
        if (receipt.clientReference() == null) {
            return;
        }
        String key = early(receipt.provider(), receipt.clientReference());
        String current = redis.get(key);
        TrackedSend kept = ReceiptLedger.early(current == null ? null : json.readValue(current, TrackedSend.class), receipt,
                Instant.now());
        if (kept != null) {
            redis.set(key, json.writeValueAsString(kept), SetArgs.Builder.px(ttlMillis));
        }
    }

    private String early(String provider, String messageId) {
        return prefix + "early " + provider + " " + messageId;
    }

    private String key(String provider, String providerMessageId) {
        return prefix + provider + " " + providerMessageId;
    }

    private String reference(String provider, String messageId) {
        return prefix + "ref " + provider + " " + messageId;
    }

    @Override
    public void close() {
        connection.close();
    }
}
