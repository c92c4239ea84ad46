package dev.smsworker.worker.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feature flags that switch a provider off without a code change: {@code sms.providers.<name>.enabled}
 * (default true), read from the Spring Environment once per provider and then remembered (a lookup walks
 * every property source, which showed up in the per-message profile). Set it in configuration
 * or the environment ({@code SMS_PROVIDERS_TWILIO_ENABLED=false}) and restart, or flip it on a running
 * worker through the {@code providers} actuator endpoint, which writes an override into a property
 * source ahead of all others. Overrides live in memory: a restart goes back to the configuration.
 */
@Component
class ProviderSwitches {

    private static final Logger log = LoggerFactory.getLogger(ProviderSwitches.class);
    static final String SOURCE_NAME = "smsProviderSwitches";

    private final ConfigurableEnvironment environment;
    private final Map<String, Object> overrides = new ConcurrentHashMap<>();
    private final Map<String, Boolean> configured = new ConcurrentHashMap<>();

    ProviderSwitches(ConfigurableEnvironment environment) {
        this.environment = environment;
        environment.getPropertySources().addFirst(new MapPropertySource(SOURCE_NAME, overrides));
    }

    boolean enabled(String provider) {
        Object override = overrides.get(key(provider));
        if (override != null) {
            return Boolean.parseBoolean(override.toString());
        }
        Boolean known = configured.get(provider);
        if (known != null) {
            return known;
        }
        boolean fromConfiguration = environment.getProperty(key(provider), Boolean.class, true);
        // Remember it only if no override appeared meanwhile: the lookup would have returned the override.
        if (!overrides.containsKey(key(provider))) {
            configured.putIfAbsent(provider, fromConfiguration);
        }
        return fromConfiguration;
    }

    /** Switches a provider on or off until the next restart or {@link #clear}. */
    void set(String provider, boolean enabled) {
        overrides.put(key(provider), String.valueOf(enabled));
        log.warn("provider {} switched {} at runtime", provider, enabled ? "on" : "off");
    }

    /** Drops the runtime override: configuration decides again. */
    void clear(String provider) {
        overrides.remove(key(provider));
        log.warn("runtime switch of provider {} cleared; configuration decides ({})", provider, enabled(provider) ? "on" : "off");
    }

    private static String key(String provider) {
        return "sms.providers." + provider + ".enabled";
    }
}
