package dev.smsworker.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A number the worker's guard refuses to send to ({@code suppressed}), as kept in Redis by the worker and read
 * by {@code sms-ops suppression}: the key is {@code <prefix>suppressed:<hash>} ({@link #key}), the value
 * {@link #toText()}. Neither holds the number: the key its hash, the value its mask.
 *
 * @param maskedNumber {@code +47******67} ({@link PhoneMask})
 * @param reason       {@code OPTED_OUT}, {@code LANDLINE} or {@code INVALID}
 * @param answer       the provider answer it was learned from, {@code twilio:21610}
 * @param since        when it was learned
 */
public record SuppressedNumber(String maskedNumber, String reason, String answer, Instant since) {

    /** The worker's default {@code sms.guard.key-prefix}. */
    public static final String DEFAULT_KEY_PREFIX = "sms-worker:guard:";
    /** Put after the key prefix, before the number's hash. */
    public static final String KEY = "suppressed:";

    /** The guard's pseudonym of a number: 16 hex digits of its SHA-256 (a small number space: not anonymous). */
    public static String hash(String e164) {
        return HexFormat.of().formatHex(Sha256.of(e164.getBytes(StandardCharsets.US_ASCII)), 0, 8);
    }

    /** The key of a number's suppression, after the key prefix. */
    public static String key(String e164) {
        return KEY + hash(e164);
    }

    public String toText() {
        return reason + " " + answer + " " + since + " " + maskedNumber;
    }

    /** @throws IllegalArgumentException when the text is not one {@link #toText()} wrote */
    public static SuppressedNumber fromText(String text) {
        String[] parts = text.split(" ", 4);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a suppression entry");
        }
        return new SuppressedNumber(parts[3], parts[0], parts[1], Instant.parse(parts[2]));
    }
}
