package dev.smsworker.worker.routing;

import dev.smsworker.contracts.Kind;

import java.time.Duration;

/**
 * Permits to call one rate-limited provider, shared by every lane. Implementations decide who goes
 * first when permits are short; see {@link ReservedSharePermits}.
 */
interface SendPermits {

    /**
     * Takes a permit for a message of {@code kind}, waiting (sleeping this virtual thread) up to
     * {@code maxWait}.
     *
     * @return false when no permit came within {@code maxWait}; nothing is then taken
     */
    boolean acquire(Kind kind, Duration maxWait);

    /** The provider's whole rate, permits per second. */
    int perSecond();
}
