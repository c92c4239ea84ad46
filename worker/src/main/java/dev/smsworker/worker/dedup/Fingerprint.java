package dev.smsworker.worker.dedup;

import dev.smsworker.contracts.Sha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * What a message id was used for: the first 64 bits of SHA-256 over the recipient and the body. Kept
 * with the sent record so that a second request under a known id is recognised as a different message
 * (one id, one message) rather than acked as already sent. Hashed: the record holds no personal data.
 */
public record Fingerprint(long value) {

    public static Fingerprint of(String to, String body) {
        MessageDigest sha256 = Sha256.newDigest();
        sha256.update(to.getBytes(StandardCharsets.UTF_8));
        // A separator no E.164 number contains: "+471" + "2 text" and "+4712" + " text" must differ.
        sha256.update((byte) 0);
        sha256.update(body.getBytes(StandardCharsets.UTF_8));
        return new Fingerprint(MessageKey.longAt(sha256.digest(), 0));
    }

    /** 16 lowercase hex digits, as Redis keeps it. */
    public String hex() {
        return HexFormat.of().toHexDigits(value);
    }

    public static Fingerprint ofHex(String hex) {
        return new Fingerprint(HexFormat.fromHexDigitsToLong(hex));
    }
}
