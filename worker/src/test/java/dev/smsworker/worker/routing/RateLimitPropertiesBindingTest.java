package dev.smsworker.worker.routing;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 11: the store settings ({@code sms.routing.rate-limits.store}, {@code .redis.*}) sit beside the
 * per-provider rates under one prefix; neither may be read as the other, from properties or from the
 * environment variables the Kubernetes manifests use.
 */
class RateLimitPropertiesBindingTest {

    @Test
    void theStoreAndItsRedisAreNotProvidersAndTheRatesStayRates() {
        Binder binder = binder(new MapPropertySource("test", Map.of(
                "sms.routing.rate-limits.vonage", "30",
                "sms.routing.rate-limits.store", "redis",
                "sms.routing.rate-limits.redis.uri", "redis://:s3cret@redis:6379",
                "sms.routing.rate-limits.redis.key-prefix", "eu:rate:")));

        assertThat(routing(binder).perSecond()).containsExactly(Map.entry("vonage", 30));
        RateLimitStoreProperties store = binder.bind("sms.routing.rate-limits", RateLimitStoreProperties.class).get();
        assertThat(store.store()).isEqualTo(RateLimitStoreProperties.Store.REDIS);
        assertThat(store.redis().keyPrefix()).isEqualTo("eu:rate:");
        assertThat(store.redis().toString()).doesNotContain("s3cret");
    }

    @Test
    void theSameFromEnvironmentVariables() {
        Binder binder = binder(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "SMS_ROUTING_RATE_LIMITS_STORE", "redis",
                "SMS_ROUTING_RATELIMITS_TWILIO", "10")));

        assertThat(binder.bind("sms.routing.rate-limits", RateLimitStoreProperties.class).get().store())
                .isEqualTo(RateLimitStoreProperties.Store.REDIS);
        assertThat(routing(binder).perSecond()).containsExactly(Map.entry("twilio", 10));
    }

    @Test
    void aRateThatIsNotAWholePositiveNumberIsRefusedByName() {
        Binder binder = binder(new MapPropertySource("test", Map.of("sms.routing.rate-limits.vonage", "fast")));
        assertThatThrownBy(() -> routing(binder)).hasStackTraceContaining("sms.routing.rate-limits.vonage");
    }

    static RoutingProperties routing(Binder binder) {
        return binder.bindOrCreate("sms.routing", RoutingProperties.class);
    }

    static Binder binder(PropertySource<?> source) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().forEach(s -> environment.getPropertySources().remove(s.getName()));
        environment.getPropertySources().addFirst(source);
        return new Binder(ConfigurationPropertySources.get(environment));
    }
}
