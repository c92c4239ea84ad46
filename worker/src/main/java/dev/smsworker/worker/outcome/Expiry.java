package dev.smsworker.worker.outcome;

import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.contracts.Validity;
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

    /**
     * The contract's rule ({@link Validity}): the request's {@code expiresAt}; for an OTP without one, the
     * configured validity from its first attempt (which intake never lets lie in the future); null: never.
     */
    Instant expiresAt(SmsRequest request, MessageContext context) {
        return Validity.expiresAt(request.expiresAt(), context.kind(), context.firstAttemptAt(), properties.otpDefaultValidity());
    }
}
