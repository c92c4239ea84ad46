package dev.smsworker.contracts;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 digests for the hashes the worker takes per message (sent-id keys, fingerprints, the guard's pseudonym of a
 * number). Each digest is a copy of one looked up once: {@code MessageDigest.getInstance} searches the security
 * providers on every call, which cost more than the digest of a short id or number (issue 16). A copy of a fresh
 * digest is the same fresh digest.
 */
public final class Sha256 {

    private static final MessageDigest PROTOTYPE = lookUp();

    private Sha256() {
    }

    /** A new SHA-256 digest, ready for input. */
    public static MessageDigest newDigest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return lookUp();
        }
    }

    /** The 32-byte SHA-256 of {@code input}. */
    public static byte[] of(byte[] input) {
        return newDigest().digest(input);
    }

    private static MessageDigest lookUp() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
