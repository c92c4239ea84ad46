package dev.smsworker.worker.providers.vonage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Our message id as Vonage's {@code client-ref}, which holds at most 40 characters. */
final class ClientRef {

    static final int MAX_LENGTH = 40;

    private ClientRef() {
    }

    /**
     * Ids of up to 40 characters go as they are. Longer ones keep their first 31 characters, so support
     * can still search by prefix, plus {@code ~} and 8 hex characters of a hash of the whole id, so two
     * long ids that share a prefix stay apart. Message ids are printable ASCII (the contract checks),
     * so no character is cut in half.
     */
    static String of(String messageId) {
        if (messageId.length() <= MAX_LENGTH) {
            return messageId;
        }
        return messageId.substring(0, MAX_LENGTH - 9) + "~" + hash(messageId);
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
