package dev.smsworker.worker.guard;

import java.time.Instant;

/**
 * A number the guard refuses to send to, as stored: its mask, never the number (the key is its hash).
 *
 * @param maskedNumber {@code +4791****67}, for operators
 * @param answer       the provider answer it was learned from, {@code twilio:21610}
 */
record Suppression(String maskedNumber, SuppressionCodes.Reason reason, String answer, Instant since) {

    static final String KEY = "suppressed:";

    String toText() {
        return reason + " " + answer + " " + since + " " + maskedNumber;
    }

    static Suppression fromText(String text) {
        String[] parts = text.split(" ", 4);
        return new Suppression(parts[3], SuppressionCodes.Reason.valueOf(parts[0]), parts[1], Instant.parse(parts[2]));
    }
}
