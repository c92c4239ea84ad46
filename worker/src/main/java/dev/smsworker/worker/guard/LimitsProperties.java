package dev.smsworker.worker.guard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.Map;

/**
 * Limits on a message itself.
 *
 * @param maxSegments per kind, the most SMS segments a body may take ({@code sms.limits.max-segments.otp}); a
 *                    longer body is refused as {@code too-many-segments} before any provider is called. OTP
 *                    defaults to 2 (a login code never needs more; a long "code" is someone else's text at our
 *                    cost); other kinds have no cap unless set; 0 removes a cap
 */
@ConfigurationProperties("sms.limits")
public record LimitsProperties(@DefaultValue Map<String, Integer> maxSegments) {

    static final int OTP_DEFAULT = 2;
}
