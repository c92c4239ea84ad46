package dev.smsworker.worker.routing;

/**
 * Where a rate-limited provider's permit buckets live ({@code sms.routing.rate-limits.store}): in this
 * process ({@link #LOCAL}, the default for a single worker) or in Redis, shared by every worker
 * ({@link RedisPermitBuckets}).
 */
interface PermitBuckets {

    /** In-process GCRA buckets: each worker spends the whole rate on its own. */
    PermitBuckets LOCAL = (provider, share, perSecond) -> new LocalPermitBucket(perSecond);

    /**
     * @param provider  the provider's name ({@code sms.routing.rate-limits.<name>})
     * @param share     {@code otp} or {@code others}: the side of {@link ReservedSharePermits} the bucket serves
     * @param perSecond permits per second of this bucket, at least 1
     */
    PermitBucket bucket(String provider, String share, int perSecond);
}
