package dev.smsworker.worker.retry;

import dev.smsworker.worker.providers.http.ConnectRetryProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sms.retry.*} feeds two records: the delay queues and OTP validity here, the connect retry in the HTTP client. */
class RetryPropertiesBindingTest {

    private final Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
            "sms.retry.delays", "30s,2m",
            "sms.retry.otp-default-validity", "5m",
            "sms.retry.connect-attempts", "4",
            "sms.retry.connect-backoff", "1s")));

    @Test
    void eachRecordTakesItsOwnNamesUnderTheSharedPrefix() {
        assertThat(binder.bindOrCreate("sms.retry", RetryProperties.class))
                .isEqualTo(new RetryProperties(List.of(Duration.ofSeconds(30), Duration.ofMinutes(2)), Duration.ofMinutes(5)));
        assertThat(binder.bindOrCreate("sms.retry", ConnectRetryProperties.class))
                .isEqualTo(new ConnectRetryProperties(4, Duration.ofSeconds(1)));
    }
}
