package dev.smsworker.worker.providers.http;

import java.util.Locale;
import java.util.Objects;

/**
 * A credential from configuration (an auth token, a password, an API secret). Its {@code toString} hides it,
 * so a properties record that holds one can be printed, logged or shown by the actuator without leaking it;
 * only {@link #value()} gives it out, where a request is built. Spring binds it from a plain string property
 * (the conversion service calls the one-string constructor), so the property names stay as they were.
 *
 * @param value the credential as configured, not null
 */
public record Secret(String value) {

    public Secret {
        Objects.requireNonNull(value, "value");
    }

    /** True when configuration left the secret unset or blank: the provider cannot start without it. */
    public static boolean missing(Secret secret) {
        return secret == null || secret.value().isBlank();
    }

    /**
     * The value of a secret the provider cannot start without.
     *
     * @param property the property's name, {@code sms.providers.twilio.auth-token}; the message also names the
     *                 environment variable it binds from (Spring's rule: upper case, '.' and '-' become '_')
     * @throws IllegalStateException when the secret is {@link #missing}
     */
    public static String require(Secret secret, String property) {
        if (missing(secret)) {
            String variable = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            throw new IllegalStateException(property + " is required (" + variable + ")");
        }
        return secret.value();
    }

    @Override
    public String toString() {
        return "<hidden>";
    }
}
