package dev.smsworker.worker.dedup;

import dev.smsworker.worker.providers.http.ConnectRetryProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallTimeBudgetTest {

    static final ConnectRetryProperties RETRY = new ConnectRetryProperties(3, Duration.ofMillis(200));

    @Test
    void theLongestAttemptIsEveryProvidersCallTimeoutForEachConnectAttempt() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "sms.providers.twilio.call-timeout", "10s", "sms.providers.vonage.call-timeout", "20s")));

        // twilio 3 x 10s + vonage 3 x 20s + sinch (default 15s) 3 x 15s, and two 200 ms pauses each.
        assertThat(CallTimeBudget.longestAttempt(List.of("twilio", "vonage", "sinch"), binder, RETRY))
                .isEqualTo(Duration.ofSeconds(135).plusMillis(1200));
    }

    @Test
    void theDefaultsFit() {
        assertThatCode(() -> CallTimeBudget.check(Duration.ofMinutes(4), dedup(Duration.ofMinutes(5), Duration.ofMinutes(30))))
                .doesNotThrowAnyException();
    }

    @Test
    void aClaimShorterThanTheLongestCallStopsTheStart() {
        assertThatThrownBy(() -> CallTimeBudget.check(Duration.ofMinutes(6), dedup(Duration.ofMinutes(5), Duration.ofMinutes(30))))
                .hasMessageContaining("sms.dedup.claim-timeout");
    }

    @Test
    void aCallThatCanOutlastTheBrokersConsumerTimeoutStopsTheStart() {
        assertThatThrownBy(() -> CallTimeBudget.check(Duration.ofMinutes(4), dedup(Duration.ofMinutes(10), Duration.ofMinutes(4))))
                .hasMessageContaining("consumer_timeout").hasMessageContaining("sms.dedup.broker-consumer-timeout");
    }

    /** Issue 11: unset, the claim timeout follows the providers, so a dead worker's claims lapse soon after its longest attempt. */
    @Test
    void anUnsetClaimTimeoutIsTheLongestAttemptAndAMargin() {
        DedupProperties unset = dedup(null, Duration.ofMinutes(30));

        assertThatCode(() -> CallTimeBudget.check(Duration.ofMinutes(6), unset)).doesNotThrowAnyException();
        assertThat(CallTimeBudget.claimTimeout(Duration.ofMillis(45_400), unset)).isEqualTo(Duration.ofMillis(55_400));
        assertThat(CallTimeBudget.claimTimeout(Duration.ofMillis(45_400), dedup(Duration.ofMinutes(5), Duration.ofMinutes(30))))
                .isEqualTo(Duration.ofMinutes(5));
    }

    static DedupProperties dedup(Duration claimTimeout, Duration consumerTimeout) {
        return new DedupProperties(DedupProperties.Store.MEMORY, Duration.ofHours(24), 1000, claimTimeout,
                Duration.ofSeconds(20), consumerTimeout, SendDeduplicationTest.defaultRedis());
    }
}
