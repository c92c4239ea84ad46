package dev.smsworker.worker.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider's outage, as its circuit breaker saw it: from the first time it opened to the next time it
 * closed (half-open probes that fail in between belong to the same outage). Tells listeners when an
 * outage ends, with its window.
 */
@Component
public class ProviderOutages {

    private static final Logger log = LoggerFactory.getLogger(ProviderOutages.class);

    /** Hears that a provider works again after an outage that began at {@code since}. */
    @FunctionalInterface
    public interface RecoveryListener {
        void recovered(String provider, Instant since, Instant recoveredAt);
    }

    private final Clock clock;
    private final Map<String, Instant> ongoing = new ConcurrentHashMap<>();
    private final List<RecoveryListener> listeners = new CopyOnWriteArrayList<>();

    public ProviderOutages(Clock clock) {
        this.clock = clock;
    }

    public void addListener(RecoveryListener listener) {
        listeners.add(listener);
    }

    void transition(String provider, CircuitBreaker.State to) {
        Instant now = clock.instant();
        switch (to) {
            case OPEN, FORCED_OPEN -> ongoing.putIfAbsent(provider, now);
            case CLOSED -> {
                Instant since = ongoing.remove(provider);
                if (since != null) {
                    log.info("provider {} recovered after an outage of {} s", provider,
                            Duration.between(since, now).toMillis() / 1000.0);
                    listeners.forEach(listener -> listener.recovered(provider, since, now));
                }
            }
            default -> {
                // Half-open is still the outage; disabled and metrics-only are not used.
            }
        }
    }
}
