package dev.smsworker.worker.routing;

import dev.smsworker.worker.providers.SmsProvider;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A circuit breaker per routed provider and permits per rate-limited one, with their state as
 * Micrometer meters ({@code resilience4j_circuitbreaker_state{name,state}},
 * {@code sms_rate_limit_permits_available{provider,bucket}}, bucket {@code otp} or {@code others}).
 */
final class ProviderGuards {

    private static final Logger log = LoggerFactory.getLogger(ProviderGuards.class);

    private final Map<String, GuardedProvider> guarded = new LinkedHashMap<>();

    ProviderGuards(Map<String, SmsProvider> providers, Set<String> routed, RoutingProperties routing,
                   CallTimer timer, MeterRegistry meters, ProviderOutages outages, PermitBuckets buckets) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(breakerConfig(routing.breaker()));
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        for (String name : routed) {
            CircuitBreaker breaker = breakers.circuitBreaker(name);
            breaker.getEventPublisher().onStateTransition(event -> {
                log.warn("provider {} circuit breaker: {}", name, event.getStateTransition());
                outages.transition(name, event.getStateTransition().getToState());
            });
            Integer perSecond = routing.perSecond().get(name);
            SendPermits permits = perSecond == null ? null
                    : permits(name, perSecond, routing.otpReservedShare(), meters, buckets);
            guarded.put(name, new GuardedProvider(providers.get(name), breaker, permits, routing.rateLimitWait(), timer));
        }
        for (String name : routing.perSecond().keySet()) {
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

    private static SendPermits permits(String name, int perSecond, double otpShare, MeterRegistry meters,
                                       PermitBuckets buckets) {
        ReservedSharePermits permits = ReservedSharePermits.split(name, perSecond, otpShare, buckets);
        gauge(name, "otp", permits.otpBucket(), meters);
        gauge(name, "others", permits.othersBucket(), meters);
        return permits;
    }

    private static void gauge(String provider, String bucket, PermitBucket permits, MeterRegistry meters) {
        if (permits instanceof LocalPermitBucket local) {
            Gauge.builder("sms.rate.limit.permits.available", local, LocalPermitBucket::availableNow)
                    .description("Permits a send could take now without waiting")
                    .tag("provider", provider).tag("bucket", bucket)
                    .register(meters);
        }
    }
}
