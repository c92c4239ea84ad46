package dev.smsworker.worker.dedup;

import dev.smsworker.contracts.Sha256;

import java.nio.charset.StandardCharsets;

/**
 * A message id as the memory store keeps it: the first 128 bits of its SHA-256. Ids are up to 128
 * characters; 16 bytes each is what lets 200,000 of them fit in a few MiB. Two ids collide with
 * probability about n^2 / 2^129, far below one in a lifetime of any deployment.
 */
record MessageKey(long high, long low) {

    static MessageKey of(String messageId) {
        byte[] digest = Sha256.of(messageId.getBytes(StandardCharsets.UTF_8));
        return new MessageKey(longAt(digest, 0), longAt(digest, 8));
    }

    static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }
}
