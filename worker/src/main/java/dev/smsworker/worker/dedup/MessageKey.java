package dev.smsworker.worker.dedup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A message id as the memory store keeps it: the first 128 bits of its SHA-256. Ids are up to 128
 * characters; 16 bytes each is what lets 200,000 of them fit in a few MiB. Two ids collide with
 * probability about n^2 / 2^129, far below one in a lifetime of any deployment.
 */
record MessageKey(long high, long low) {

    /**
     * Copied for each digest: {@code MessageDigest.getInstance} looks the algorithm up among the security providers
     * every time, which cost more than the digest of a short id (issue 16: about 1.5% of a message's CPU, with three
     * digests per message). A copy of a fresh digest is the same fresh digest.
     */
    private static final MessageDigest SHA_256 = newSha256();

    static MessageKey of(String messageId) {
        byte[] digest = sha256().digest(messageId.getBytes(StandardCharsets.UTF_8));
        return new MessageKey(longAt(digest, 0), longAt(digest, 8));
    }

    /** A new SHA-256 digest, ready for input. */
    static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }
}
