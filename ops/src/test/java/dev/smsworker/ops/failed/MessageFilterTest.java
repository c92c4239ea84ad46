package dev.smsworker.ops.failed;

import dev.smsworker.contracts.Kind;
import dev.smsworker.ops.support.FailedSeed;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MessageFilterTest {

    private final Instant noon = Instant.parse("2026-01-01T12:00:00Z");
    private final FailedMessage exhaustedOtp = FailedSeed.message("m-1").kind("otp").errorClass("EXHAUSTED").errorCode("503")
            .provider("twilio").failedAt(noon).read();

    @Test
    void noCriteriaMatchesEverything() {
        assertThat(MessageFilter.ALL.matches(exhaustedOtp)).isTrue();
        assertThat(MessageFilter.ALL.isEverything()).isTrue();
    }

    @Test
    void everyCriterionMustMatchAndAnyValueOfOneDoes() {
        assertThat(filter(Set.of("EXHAUSTED", "MALFORMED"), Set.of("503"), Set.of("twilio"), Set.of(Kind.OTP)).matches(exhaustedOtp)).isTrue();
        assertThat(filter(Set.of("EXHAUSTED"), Set.of("503"), Set.of("vonage"), Set.of()).matches(exhaustedOtp)).isFalse();
        assertThat(filter(Set.of(), Set.of(), Set.of(), Set.of(Kind.MARKETING)).matches(exhaustedOtp)).isFalse();
    }

    @Test
    void sinceIsInclusiveAndUntilExclusive() {
        assertThat(window(noon, null).matches(exhaustedOtp)).isTrue();
        assertThat(window(null, noon).matches(exhaustedOtp)).isFalse();
        assertThat(window(noon.minusSeconds(1), noon.plusSeconds(1)).matches(exhaustedOtp)).isTrue();
    }

    @Test
    void aMessageWithoutFailedAtNeverMatchesATimeWindow() {
        FailedMessage undated = FailedMessage.of(1, 0, "send.otp", new com.rabbitmq.client.AMQP.BasicProperties.Builder().messageId("u").build(),
                "{}".getBytes());
        assertThat(window(noon, null).matches(undated)).isFalse();
        assertThat(MessageFilter.ALL.matches(undated)).isTrue();
    }

    @Test
    void theKindComesFromTheRoutingKeyWhenTheBodyIsUnreadable() {
        FailedMessage unreadable = FailedSeed.message("bad").kind("otp").rawBody("{oops").read();
        assertThat(filter(Set.of(), Set.of(), Set.of(), Set.of(Kind.OTP)).matches(unreadable)).isTrue();
    }

    private static MessageFilter filter(Set<String> classes, Set<String> codes, Set<String> providers, Set<Kind> kinds) {
        return new MessageFilter(classes, codes, providers, kinds, null, null, Set.of());
    }

    private static MessageFilter window(Instant since, Instant until) {
        return new MessageFilter(Set.of(), Set.of(), Set.of(), Set.of(), since, until, Set.of());
    }
}
