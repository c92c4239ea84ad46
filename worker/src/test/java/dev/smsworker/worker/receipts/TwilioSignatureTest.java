package dev.smsworker.worker.receipts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class TwilioSignatureTest {

    /** The worked example of https://www.twilio.com/docs/usage/security (auth token 12345). */
    static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    static final Map<String, List<String>> PARAMETERS = new TreeMap<>(Map.of(
            "CallSid", List.of("CA1234567890ABCDE"),
            "Caller", List.of("+14158675310"),
            "Digits", List.of("1234"),
            "From", List.of("+14158675310"),
            "To", List.of("+18005551212")));

    @Test
    void matchesTwiliosDocumentedExample() {
        assertThat(TwilioSignature.of("12345", URL, PARAMETERS)).isEqualTo("GvWf1cFY/Q7PnoempGyD5oXAezc=");
        assertThat(TwilioSignature.valid("12345", URL, PARAMETERS, "GvWf1cFY/Q7PnoempGyD5oXAezc=")).isTrue();
    }

    @Test
    void aChangedParameterUrlOrTokenFails() {
        Map<String, List<String>> changed = new TreeMap<>(PARAMETERS);
        changed.put("Digits", List.of("9999"));
        assertThat(TwilioSignature.valid("12345", URL, changed, "GvWf1cFY/Q7PnoempGyD5oXAezc=")).isFalse();
        assertThat(TwilioSignature.valid("12345", URL.replace("https", "http"), PARAMETERS, "GvWf1cFY/Q7PnoempGyD5oXAezc=")).isFalse();
        assertThat(TwilioSignature.valid("54321", URL, PARAMETERS, "GvWf1cFY/Q7PnoempGyD5oXAezc=")).isFalse();
        assertThat(TwilioSignature.valid("12345", URL, PARAMETERS, null)).isFalse();
    }

    @Test
    void formDataSortsByNameAsTheSignatureNeeds() {
        Map<String, List<String>> parsed = FormData.parse("To=%2B18005551212&Digits=1234&From=%2B14158675310&CallSid=CA1234567890ABCDE"
                + "&Caller=%2B14158675310");
        assertThat(TwilioSignature.of("12345", URL, parsed)).isEqualTo("GvWf1cFY/Q7PnoempGyD5oXAezc=");
    }
}
