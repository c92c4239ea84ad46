package dev.smsworker.worker.message;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    @Test
    void phoneNumbersInAnyShapeGo() {
        assertThat(Redaction.scrub("The 'To' number 5551234567 is not a valid phone number"))
                .isEqualTo("The 'To' number <number> is not a valid phone number");
        assertThat(Redaction.scrub("to +47 912 34 567 failed")).isEqualTo("to <number> failed");
        assertThat(Redaction.scrub("call (555) 123-4567 now")).isEqualTo("call (<number> now");
        assertThat(Redaction.scrub("555-123-4567")).isEqualTo("<number>");
    }

    @Test
    void theWorkersOwnDatesAndInstantsStayWhole() {
        assertThat(Redaction.scrub("expired at 2030-01-01T12:00:00Z before attempt 2"))
                .isEqualTo("expired at 2030-01-01T12:00:00Z before attempt 2");
        assertThat(Redaction.scrub("expired at 2030-01-01T12:00:00.123456789Z, number 4791234567"))
                .isEqualTo("expired at 2030-01-01T12:00:00.123456789Z, number <number>");
        assertThat(Redaction.scrub("held since 2030-01-01T12:00+01:00 and 2030-01-02")).isEqualTo("held since 2030-01-01T12:00+01:00 and 2030-01-02");
        // A number that only starts like a date is still a number.
        assertThat(Redaction.scrub("2030-01-0123456")).isEqualTo("<number>");
    }
}
