package dev.smsworker.worker.message;

import dev.smsworker.contracts.PhoneMask;
import dev.smsworker.contracts.SuppressedNumber;

/**
 * A message's destination number. Its {@link #toString()} is the mask: a context or record printed by
 * mistake must not put the full number in a log.
 *
 * @param e164 the number as validated, {@code +4791234567}
 */
public record Recipient(String e164) {

    /** The number's hash, as the guard's suppressions key it ({@link SuppressedNumber#hash}). */
    public String key() {
        return SuppressedNumber.hash(e164);
    }

    /** {@code +4791****67}: what logs, events and {@code sms-ops} may show. */
    public String masked() {
        return PhoneMask.mask(e164);
    }

    @Override
    public String toString() {
        return masked();
    }
}
