package dev.smsworker.worker.routing;

import java.time.Duration;

/**
 * A source of permits to call a provider: the seam where a cluster-wide limiter (Bucket4j over Redis,
 * say) replaces the in-process one. A permit is reserved, not just counted: a caller told to wait
 * owns the permit it waits for, so later callers queue behind it instead of overtaking it.
 */
interface PermitBucket {

    /**
     * Reserves one permit.
     *
     * @param maxWait the longest the caller will wait for it; {@link Duration#ZERO} takes only a permit free now
     * @return how long to wait before the reserved permit may be used (zero: use it now), or null when no
     *         permit comes within {@code maxWait}; then nothing was reserved
     */
    Duration reserve(Duration maxWait);

    /** Permits per second. */
    int perSecond();
}
