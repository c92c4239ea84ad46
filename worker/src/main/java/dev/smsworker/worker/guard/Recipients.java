package dev.smsworker.worker.guard;

import dev.smsworker.contracts.SuppressedNumber;
import dev.smsworker.worker.phone.PhoneNumbers;


/** What the guard derives from a validated E.164 number; never the number itself in a key. */
public final class Recipients {

    private Recipients() {
    }

    /** libphonenumber's region ({@code NO}), or null when the number belongs to none. */
    public static String region(String e164) {
        return PhoneNumbers.of(e164).region();
    }

    /** The first {@code digits} digits after the {@code +}, country code included. */
    static String prefix(String e164, int digits) {
        String all = e164.startsWith("+") ? e164.substring(1) : e164;
        return all.substring(0, Math.min(digits, all.length()));
    }

    /**
     * A stable key for one number: 16 hex digits of its SHA-256, so Redis and heap dumps hold no phone numbers
     * (a pseudonym, not an anonymisation: the number space is small enough to search).
     */
    static String key(String e164) {
        return SuppressedNumber.hash(e164);
    }
}
