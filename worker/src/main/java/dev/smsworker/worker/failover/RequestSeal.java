package dev.smsworker.worker.failover;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Seals a kept request before it leaves the process (Redis): AES-GCM, a random 96-bit nonce per request, the
 * message id as associated data so a sealed value can't be moved under another id. Text form:
 * Base64(nonce || ciphertext || tag).
 */
final class RequestSeal {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @throws IllegalArgumentException when the key is not Base64 of 16, 24 or 32 bytes (the value is never shown) */
    RequestSeal(String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sms.receipts.failover.encryption-key is not Base64");
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalArgumentException("sms.receipts.failover.encryption-key must be 16, 24 or 32 bytes, got "
                    + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    String seal(String messageId, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, messageId, plain, 0, plain.length);
        byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return Base64.getEncoder().encodeToString(out);
    }

    /** @throws IllegalStateException when the value was not sealed with this key for this id */
    byte[] open(String messageId, String text) {
        byte[] in = Base64.getDecoder().decode(text);
        if (in.length < NONCE_BYTES) {
            throw new IllegalStateException("sealed request too short");
        }
        return cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(in, NONCE_BYTES), messageId, in, NONCE_BYTES, in.length - NONCE_BYTES);
    }

    private byte[] cipher(int mode, byte[] nonce, String messageId, byte[] input, int offset, int length) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(messageId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return cipher.doFinal(input, offset, length);
        } catch (GeneralSecurityException e) {
            // The exception names no key material; its class says enough (AEADBadTagException: wrong key or id).
            throw new IllegalStateException("kept request not " + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened")
                    + ": " + e.getClass().getSimpleName());
        }
    }
}
