package dev.smsworker.worker.providers;

import dev.smsworker.worker.providers.generic.GenericHttpProperties;
import dev.smsworker.worker.providers.http.ConnectRetryProperties;
import dev.smsworker.worker.providers.http.ProviderTimeouts;
import dev.smsworker.worker.providers.http.Secret;
import dev.smsworker.worker.providers.linkmobility.LinkMobilityProperties;
import dev.smsworker.worker.providers.sinch.SinchProperties;
import dev.smsworker.worker.providers.twilio.TwilioProperties;
import dev.smsworker.worker.providers.vonage.VonageProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented property names still bind after the records took a {@link Secret} and a {@link ProviderTimeouts}:
 * a secret from a plain string, the three timeouts flat under the provider's prefix, with their defaults.
 */
class ProviderPropertiesBindingTest {

    static final ProviderTimeouts DEFAULTS = new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(15));

    @Test
    void twilioBindsItsTokenAndItsFlatTimeouts() {
        TwilioProperties twilio = bind("sms.providers.twilio", TwilioProperties.class, Map.of(
                "sms.providers.twilio.account-sid", "AC1",
                "sms.providers.twilio.auth-token", "token-1",
                "sms.providers.twilio.connect-timeout", "3s",
                "sms.providers.twilio.read-timeout", "4s",
                "sms.providers.twilio.call-timeout", "5s"));

        assertThat(twilio.authToken()).isEqualTo(new Secret("token-1"));
        assertThat(twilio.timeouts()).isEqualTo(new ProviderTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5)));
    }

    @Test
    void timeoutsLeftOutTakeTheirDefaults() {
        VonageProperties vonage = bind("sms.providers.vonage", VonageProperties.class, Map.of(
                "sms.providers.vonage.api-key", "key", "sms.providers.vonage.api-secret", "secret-1"));

        assertThat(vonage.apiSecret().value()).isEqualTo("secret-1");
        assertThat(vonage.timeouts()).isEqualTo(DEFAULTS);
    }

    @Test
    void oneTimeoutSetLeavesTheOthersAtTheirDefaults() {
        SinchProperties sinch = bind("sms.providers.sinch", SinchProperties.class, Map.of(
                "sms.providers.sinch.service-plan-id", "plan", "sms.providers.sinch.api-token", "token-2",
                "sms.providers.sinch.read-timeout", "1s"));

        assertThat(sinch.apiToken().value()).isEqualTo("token-2");
        assertThat(sinch.timeouts()).isEqualTo(new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(15)));
    }

    @Test
    void linkMobilityBindsItsPassword() {
        LinkMobilityProperties link = bind("sms.providers.linkmobility", LinkMobilityProperties.class, Map.of(
                "sms.providers.linkmobility.username", "user", "sms.providers.linkmobility.password", "pw-1",
                "sms.providers.linkmobility.call-timeout", "20s"));

        assertThat(link.password().value()).isEqualTo("pw-1");
        assertThat(link.timeouts().callTimeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void theGenericProviderBindsItsTokenAndHeaderValuesAsSecrets() {
        GenericHttpProperties http = bind("sms.providers.http", GenericHttpProperties.class, Map.of(
                "sms.providers.http.url", "http://gateway/send",
                "sms.providers.http.bearer-token", "token-3",
                "sms.providers.http.headers.x-tenant", "acme"));

        assertThat(http.bearerToken().value()).isEqualTo("token-3");
        assertThat(http.headers()).containsEntry("x-tenant", new Secret("acme"));
        assertThat(http.timeouts()).isEqualTo(DEFAULTS);
    }

    @Test
    void theConnectRetryKeepsItsNamesUnderSmsRetry() {
        ConnectRetryProperties retry = bind("sms.retry", ConnectRetryProperties.class, Map.of(
                "sms.retry.connect-attempts", "5", "sms.retry.connect-backoff", "1s", "sms.retry.delays", "1m,3m"));

        assertThat(retry).isEqualTo(new ConnectRetryProperties(5, Duration.ofSeconds(1)));
        assertThat(bind("sms.retry", ConnectRetryProperties.class, Map.of("sms.retry.delays", "1m")))
                .isEqualTo(new ConnectRetryProperties(3, Duration.ofMillis(200)));
    }

    private static <T> T bind(String prefix, Class<T> type, Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
    }
}
