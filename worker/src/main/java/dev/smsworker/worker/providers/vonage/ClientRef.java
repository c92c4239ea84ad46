package dev.smsworker.worker.providers.vonage;

import dev.smsworker.contracts.Sha256;

import java.nio.charset.StandardCharsets;
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
        return HexFormat.of().formatHex(Sha256.of(value.getBytes(StandardCharsets.UTF_8)), 0, 4);
    }
}
