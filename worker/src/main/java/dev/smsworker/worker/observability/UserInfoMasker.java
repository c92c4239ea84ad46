package dev.smsworker.worker.observability;

import net.logstash.logback.mask.RegexValueMasker;
import net.logstash.logback.mask.ValueMasker;
import tools.jackson.core.TokenStreamContext;

/**
 * The JSON log's mask for a URI's user-info ({@code amqp://user:s3cret@host} becomes {@code amqp://<hidden>@host}),
 * in every value of every line (logback-spring.xml). The same regex masker as a {@code <valueMask>} would be, run
 * only on values that contain {@code ://}: it can match nowhere else, and running its look-behind over every
 * value of every line (ids, logger and thread names, messages) was about a quarter of the log thread's time
 * (issue 16).
 */
public final class UserInfoMasker implements ValueMasker {

    /** As logback-spring.xml had it: from after the scheme's {@code ://} to the last {@code @} of the word. */
    static final String PATTERN = "(?<=://)\\S*(?=@)";

    private final ValueMasker regex = new RegexValueMasker(PATTERN, Secrets.HIDDEN);

    @Override
    public Object mask(TokenStreamContext context, Object value) {
        if (value instanceof CharSequence text && text.toString().contains("://")) {
            return regex.mask(context, value);
        }
        return null;
    }
}
