package dev.smsworker.worker.routing;

import dev.smsworker.worker.providers.SendResult;

/**
 * A failed send as the circuit breaker needs it (resilience4j records failures as throwables). Never
 * thrown; no stack trace, since it is made on every failure.
 */
final class ProviderFailure extends RuntimeException {

    ProviderFailure(SendResult.Failed failed) {
        super(failed.provider() + " " + failed.errorClass() + " " + failed.code(), null, false, false);
    }
}
