package dev.smsworker.worker.routing;

import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.SmsProvider;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One provider behind its circuit breaker and, if configured, its rate limit. A skip (open breaker,
 * no permit in time) is not a call: the router tells it apart with {@link #isSkip} and does not
 * count it as an attempt when every provider of a route was skipped.
 */
final class GuardedProvider {

    static final String BREAKER_OPEN = "breaker-open";
    static final String RATE_LIMITED = "rate-limited-locally";

    private final SmsProvider provider;
    private final CircuitBreaker breaker;
    private final SendPermits permits;
    private final Duration permitWait;
    private final CallTimer timer;
    // The provider's own answer the last time it failed, so a message skipped behind an open breaker
    // reports what the provider said (PROVIDER_FATAL 20003), not that we skipped it.
    private volatile SendResult.Failed lastRealFailure;

    /** @param permits null when the provider is not rate limited */
    GuardedProvider(SmsProvider provider, CircuitBreaker breaker, SendPermits permits, Duration permitWait, CallTimer timer) {
        this.provider = provider;
        this.breaker = breaker;
        this.permits = permits;
        this.permitWait = permitWait;
        this.timer = timer;
    }

    String name() {
        return provider.name();
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    SendPermits permits() {
        return permits;
    }

    /** The provider's last failure since its last success, or null. */
    SendResult.Failed lastRealFailure() {
        return lastRealFailure;
    }

    /** Whether the breaker would let a call through now (closed, or half-open and probing). */
    boolean admitting() {
        return switch (breaker.getState()) {
            case OPEN, FORCED_OPEN -> false;
            default -> true;
        };
    }

    static boolean isSkip(SendResult result) {
        return result instanceof SendResult.Retryable skip
                && (BREAKER_OPEN.equals(skip.code()) || RATE_LIMITED.equals(skip.code()));
    }

    SendResult send(OutgoingSms sms) {
        // Open (or half-open with its probes taken): this provider failed too often lately; don't wait on it.
        if (!breaker.tryAcquirePermission()) {
            return new SendResult.Retryable(name(), BREAKER_OPEN, "circuit breaker open; provider skipped");
        }
        // Waiting for a permit is not a failure (the thread is virtual); waiting too long is a skip.
        if (permits != null && !permits.acquire(sms.kind(), permitWait)) {
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

    /**
     * What a skip means for the message: behind a breaker opened by real failures, the provider's last
     * real failure (its class and code), marked as skipped in the reason; otherwise the skip itself.
     */
    SendResult.Failed explain(SendResult.Failed skip) {
        SendResult.Failed real = lastRealFailure;
        if (real == null || !BREAKER_OPEN.equals(skip.code())) {
            return skip;
        }
        String reason = "circuit breaker open, provider skipped; its last failure: " + real.reason();
        return switch (real) {
            case SendResult.Retryable r -> new SendResult.Retryable(r.provider(), r.code(), reason);
            case SendResult.ProviderFatal f -> new SendResult.ProviderFatal(f.provider(), f.code(), reason);
            // Message-fatal answers never open a breaker and are not kept; listed so the switch is total.
            case SendResult.MessageFatal m -> skip;
        };
    }

    private void record(SendResult result, long tookNanos) {
        switch (result) {
            case SendResult.Sent ignored -> {
                breaker.onSuccess(tookNanos, TimeUnit.NANOSECONDS);
                lastRealFailure = null;
            }
            // The provider works; the message is the problem. Invalid numbers must not open the breaker.
            case SendResult.MessageFatal ignored -> breaker.onSuccess(tookNanos, TimeUnit.NANOSECONDS);
            case SendResult.Retryable failed -> {
                breaker.onError(tookNanos, TimeUnit.NANOSECONDS, new ProviderFailure(failed));
                lastRealFailure = failed;
            }
            case SendResult.ProviderFatal failed -> {
                breaker.onError(tookNanos, TimeUnit.NANOSECONDS, new ProviderFailure(failed));
                lastRealFailure = failed;
            }
        }
        String label = switch (result) {
            case SendResult.Sent ignored -> "sent";
            case SendResult.Failed failed -> failed.errorClass().name().toLowerCase(Locale.ROOT);
        };
        timer.record(name(), label, Duration.ofNanos(tookNanos));
    }
}
