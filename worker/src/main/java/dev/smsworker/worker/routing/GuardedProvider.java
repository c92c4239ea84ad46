package dev.smsworker.worker.routing;

import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.SmsProvider;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One provider behind its circuit breaker and, if configured, its rate limiter. A skip (open breaker,
 * no rate-limit permit in time) is a retryable failure of that provider, so the router moves on.
 */
final class GuardedProvider {

    static final String BREAKER_OPEN = "breaker-open";
    static final String RATE_LIMITED = "rate-limited-locally";

    private final SmsProvider provider;
    private final CircuitBreaker breaker;
    private final RateLimiter limiter;
    private final CallTimer timer;

    /** @param limiter null when the provider is not rate limited */
    GuardedProvider(SmsProvider provider, CircuitBreaker breaker, RateLimiter limiter, CallTimer timer) {
        this.provider = provider;
        this.breaker = breaker;
        this.limiter = limiter;
        this.timer = timer;
    }

    String name() {
        return provider.name();
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    RateLimiter limiter() {
        return limiter;
    }

    SendResult send(OutgoingSms sms) {
        // Open (or half-open with its probes taken): this provider failed too often lately; don't wait on it.
        if (!breaker.tryAcquirePermission()) {
            return new SendResult.Retryable(name(), BREAKER_OPEN, "circuit breaker open; provider skipped");
        }
        // Waiting for a permit is not a failure (the thread is virtual); waiting too long is a skip.
        if (limiter != null && !limiter.acquirePermission()) {
            breaker.releasePermission();
            return new SendResult.Retryable(name(), RATE_LIMITED, "no rate-limit permit within the wait; provider skipped");
        }
        long start = System.nanoTime();
        SendResult result;
        try {
            result = provider.send(sms);
        } catch (RuntimeException e) {
            // A bug in the adapter (providers return failures, they don't throw): count it, then let it surface.
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw e;
        }
        long took = System.nanoTime() - start;
        record(result, took);
        return result;
    }

    private void record(SendResult result, long tookNanos) {
        switch (result) {
            case SendResult.Sent ignored -> breaker.onSuccess(tookNanos, TimeUnit.NANOSECONDS);
            // The provider works; the message is the problem. Invalid numbers must not open the breaker.
            case SendResult.MessageFatal ignored -> breaker.onSuccess(tookNanos, TimeUnit.NANOSECONDS);
            case SendResult.Retryable failed -> breaker.onError(tookNanos, TimeUnit.NANOSECONDS, new ProviderFailure(failed));
            case SendResult.ProviderFatal failed -> breaker.onError(tookNanos, TimeUnit.NANOSECONDS, new ProviderFailure(failed));
        }
        String label = switch (result) {
            case SendResult.Sent ignored -> "sent";
            case SendResult.Failed failed -> failed.errorClass().name().toLowerCase(Locale.ROOT);
        };
        timer.record(name(), label, Duration.ofNanos(tookNanos));
    }
}
