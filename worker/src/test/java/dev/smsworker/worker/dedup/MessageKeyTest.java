package dev.smsworker.worker.dedup;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The keys and fingerprints are SHA-256 as stored: the copied digest must give what a fresh one gives. */
class MessageKeyTest {

    @Test
    void aKeyIsTheFirst128BitsOfTheIdsSha256() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("msg-1".getBytes(StandardCharsets.UTF_8));

        assertThat(MessageKey.of("msg-1")).isEqualTo(new MessageKey(MessageKey.longAt(digest, 0), MessageKey.longAt(digest, 8)));
    }

    @Test
    void eachDigestStartsFresh() {
        // A digest copied from a used one would carry the earlier input into the next key.
        MessageKey first = MessageKey.of("msg-1");
        MessageKey.of("msg-2");

        assertThat(MessageKey.of("msg-1")).isEqualTo(first);
        assertThat(MessageKey.of("msg-2")).isNotEqualTo(first);
    }

    @Test
    void aFingerprintIsTheFirst64BitsOfTheSha256OfNumberAndBody() throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update("+4791234567".getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update("hi".getBytes(StandardCharsets.UTF_8));

        assertThat(Fingerprint.of("+4791234567", "hi").hex()).isEqualTo(HexFormat.of().formatHex(sha256.digest(), 0, 8));
    }
}
