package dev.smsworker.worker.observability;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of start-up and configuration errors. Two kinds of secret reach an error message:
 * the user-info of a URI ({@code amqp://user:s3cret@host}, {@code redis://:s3cret@host}, Lettuce's
 * {@code redis://s3cret@host}), whatever property or exception carries it; and the value of a property
 * whose name says it is a credential ({@code password}, {@code auth-token}, {@code api-secret}, ...).
 * The same user-info pattern masks every log line (logback-spring.xml), as a second net.
 */
public final class Secrets {

    public static final String HIDDEN = "<hidden>";

    // Greedy to the last '@' of the word: a password with an unencoded '/' or '@' is still hidden whole.
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^\\s\"'<>]*(?=@)");

    private static final Pattern SECRET_NAME = Pattern.compile("password|passwd|secret|token|credential|api-?key|auth|signature|"
            + "private-?key|addresses|uri$|url$");

    private Secrets() {
    }

    /** {@code text} with every URI's user-info replaced by {@value #HIDDEN}; null stays null. */
    public static String redact(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll(HIDDEN);
    }

    /**
     * Whether a property of this name may hold a credential, in its value or in a URI's user-info:
     * {@code spring.rabbitmq.password}, {@code spring.rabbitmq.addresses}, {@code sms.dedup.redis.uri},
     * {@code sms.providers.twilio.auth-token}, {@code sms.providers.generic.headers.x-api-key}.
     */
    public static boolean isSecretName(String propertyName) {
        return propertyName != null && SECRET_NAME.matcher(propertyName.toLowerCase(Locale.ROOT)).find();
    }
}
