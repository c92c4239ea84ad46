package dev.smsworker.worker.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What libphonenumber says of a recipient (valid, and its region), worked out once per number and kept for the
 * {@value #CACHED_NUMBERS} most recent numbers. Intake's validation, the guard's country and the routes all ask
 * here: before, each parsed the number and matched its region's patterns again, two to three times per message
 * (issue 16: about 40 µs per message). Recipients recur (login codes go to the same users all day), so most
 * messages find their number here.
 *
 * <p>The bound: at most {@value #CACHED_NUMBERS} entries (about 150 bytes each), emptied when full. The numbers sit
 * in the worker's heap as the messages in flight already do; they are never logged or sent anywhere.
 */
public final class PhoneNumbers {

    /** libphonenumber's answer for one number. {@code region} is null when the number belongs to none ({@code ZZ}). */
    public record Verdict(boolean valid, String region) {
    }

    static final int CACHED_NUMBERS = 4_096;
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Verdict UNPARSEABLE = new Verdict(false, null);
    private static final ConcurrentMap<String, Verdict> VERDICTS = new ConcurrentHashMap<>();

    private PhoneNumbers() {
    }

    /** The verdict for {@code e164} (parsed as an international number, {@code +} and digits). */
    public static Verdict of(String e164) {
        Verdict known = VERDICTS.get(e164);
        if (known != null) {
            return known;
        }
        Verdict verdict = judge(e164);
        if (VERDICTS.size() >= CACHED_NUMBERS) {
            VERDICTS.clear();
        }
        VERDICTS.put(e164, verdict);
        return verdict;
    }

    /** Numbers held now, for tests of the bound. */
    static int cached() {
        return VERDICTS.size();
    }

    /** One parse and one region lookup; valid exactly as {@link PhoneNumberUtil#isValidNumber} says. */
    static Verdict judge(String e164) {
        try {
            Phonenumber.PhoneNumber number = UTIL.parse(e164, null);
            // isValidNumber(number) is isValidNumberForRegion(number, getRegionCodeForNumber(number)): the
            // region is looked up once here and serves both answers.
            String region = UTIL.getRegionCodeForNumber(number);
            boolean valid = UTIL.isValidNumberForRegion(number, region);
            return new Verdict(valid, region == null || "ZZ".equals(region) ? null : region);
        } catch (NumberParseException e) {
            return UNPARSEABLE;
        }
    }
}
