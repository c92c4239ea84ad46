package dev.smsworker.worker.observability;

import net.logstash.logback.mask.RegexValueMasker;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The log's user-info mask: what the plain regex masker did, skipping only values it could not change. */
class UserInfoMaskerTest {

    private final UserInfoMasker masker = new UserInfoMasker();
    private final RegexValueMasker regex = new RegexValueMasker(UserInfoMasker.PATTERN, Secrets.HIDDEN);

    @Test
    void hidesTheUserInfoOfEveryUri() {
        assertThat(masker.mask(null, "cannot connect to amqp://sms:s3cret@broker:5672/ and redis://:pw@cache:6379"))
                .isEqualTo("cannot connect to amqp://<hidden>@broker:5672/ and redis://<hidden>@cache:6379");
    }

    @Test
    void masksExactlyAsTheRegexMaskerDid() {
        for (String value : List.of("sms sent", "dev.smsworker.worker.outcome.OutcomeLog", "https://dlr.example.com/receipts/twilio",
                "https://user:pass@dlr.example.com/receipts/sinch", "a@b", "://@", "x://y@z w://v@u", "",
                "amqp://user:p/a@ss@host")) {
            assertThat(masker.mask(null, value)).as(value).isEqualTo(regex.mask(null, value));
        }
    }

    @Test
    void leavesValuesWithoutAUriAlone() {
        assertThat(masker.mask(null, "user@example.com")).isNull();
        assertThat(masker.mask(null, 42)).isNull();
        assertThat(masker.mask(null, new StringBuilder("amqp://u:p@h"))).isEqualTo("amqp://<hidden>@h");
    }
}
