package dev.smsworker.worker.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumbersTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    /** One parse and one region lookup answer exactly what the two separate libphonenumber calls answered. */
    @ParameterizedTest
    @ValueSource(strings = {"+4791234567", "+4779012345", "+47123", "+12025550123", "+14165550123", "+16135550000",
            "+447700900123", "+79161234567", "+77012345678", "+80012345678", "+999123456789", "+4", "+", "not a number",
            "+4791234567000000", "+3581234567", "+35818123456"})
    void theVerdictIsLibphonenumbersOwn(String e164) {
        PhoneNumbers.Verdict verdict = PhoneNumbers.judge(e164);

        assertThat(verdict.valid()).isEqualTo(isValidNumber(e164));
        assertThat(verdict.region()).isEqualTo(region(e164));
        assertThat(PhoneNumbers.of(e164)).isEqualTo(verdict);
        assertThat(PhoneNumbers.of(e164)).isEqualTo(verdict);
    }

    @Test
    void theCacheStaysWithinItsBound() {
        for (int i = 0; i < PhoneNumbers.CACHED_NUMBERS * 3; i++) {
            PhoneNumbers.of("+4791" + String.format("%06d", i));
        }
        assertThat(PhoneNumbers.cached()).isBetween(1, PhoneNumbers.CACHED_NUMBERS);
    }

    private static boolean isValidNumber(String e164) {
        try {
            return UTIL.isValidNumber(UTIL.parse(e164, null));
        } catch (NumberParseException e) {
            return false;
        }
    }

    private static String region(String e164) {
        try {
            Phonenumber.PhoneNumber number = UTIL.parse(e164, null);
            String region = UTIL.getRegionCodeForNumber(number);
            return region == null || "ZZ".equals(region) ? null : region;
        } catch (NumberParseException e) {
            return null;
        }
    }
}
