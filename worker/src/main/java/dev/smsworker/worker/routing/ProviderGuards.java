package dev.smsworker.worker.routing;

import dev.smsworker.worker.providers.SmsProvider;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A circuit breaker per routed provider and a rate limiter per rate-limited one, with their state as
 * Micrometer meters ({@code resilience4j_circuitbreaker_state{name,state}},
 * {@code resilience4j_ratelimiter_available_permissions{name}}).
 */
final class ProviderGuards {

    private static final Logger log = LoggerFactory.getLogger(ProviderGuards.class);

    private final Map<String, GuardedProvider> guarded = new LinkedHashMap<>();

    ProviderGuards(Map<String, SmsProvider> providers, Set<String> routed, RoutingProperties routing,
                   CallTimer timer, MeterRegistry meters) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(breakerConfig(routing.breaker()));
        RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(limiters).bindTo(meters);
        for (String name : routed) {
            CircuitBreaker breaker = breakers.circuitBreaker(name);
            breaker.getEventPublisher().onStateTransition(event ->
                    log.warn("provider {} circuit breaker: {}", name, event.getStateTransition()));
            Integer perSecond = routing.rateLimits().get(name);
            RateLimiter limiter = perSecond == null ? null
                    : limiters.rateLimiter(name, limiterConfig(perSecond, routing.rateLimitWait()));
            guarded.put(name, new GuardedProvider(providers.get(name), breaker, limiter, timer));
        }
        for (String name : routing.rateLimits().keySet()) {
            if (!guarded.containsKey(name)) {
                throw new IllegalStateException("sms.routing.rate-limits names '" + name + "', which no route uses; "
                        + "routed providers: " + guarded.keySet());
            }
        }
    }

    GuardedProvider get(String name) {
        return guarded.get(name);
    }

    Map<String, GuardedProvider> all() {
        return guarded;
    }

    private static CircuitBreakerConfig breakerConfig(RoutingProperties.Breaker settings) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindow())
                .minimumNumberOfCalls(Math.min(settings.minimumCalls(), settings.slidingWindow()))
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.openFor())
                // Open -> half-open by the clock, not by the next call: the health details show it.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                // Slowness is the read timeout's business; a slow provider that answers is not failing.
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(Duration.ofDays(1))
                .build();
    }

    private static RateLimiterConfig limiterConfig(int perSecond, Duration wait) {
        return RateLimiterConfig.custom()
                .limitForPeriod(perSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(wait)
                .build();
    }
}
