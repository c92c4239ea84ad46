package dev.smsworker.worker.outcome;

import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.retry.RetryProperties;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** When a message stops being worth sending. */
@Component
class Expiry {

    private final RetryProperties properties;

    Expiry(RetryProperties properties) {
        this.properties = properties;
    }

    /** The request's {@code expiresAt}; for an OTP without one, a default validity from its first attempt. */
    Instant expiresAt(SmsRequest request, MessageContext context) {
        if (request.expiresAt() != null) {
            return request.expiresAt();
        }
        if (context.kind() == Kind.OTP) {
            return context.firstAttemptAt().plus(properties.otpDefaultValidity());
        }
        return null;
    }
}
