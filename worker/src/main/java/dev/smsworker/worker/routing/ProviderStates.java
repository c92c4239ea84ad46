package dev.smsworker.worker.routing;

import dev.smsworker.worker.providers.SendResult;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/** What health and the actuator endpoint show about each routed provider. */
@Component
class ProviderStates {

    private final ProviderRouter router;
    private final ProviderSwitches switches;

    ProviderStates(ProviderRouter router, ProviderSwitches switches) {
        this.router = router;
        this.switches = switches;
    }

    boolean routed(String provider) {
        return router.guarded().containsKey(provider);
    }

    Map<String, Object> all() {
        Map<String, Object> all = new LinkedHashMap<>();
        router.guarded().forEach((name, guarded) -> all.put(name, of(guarded)));
        return all;
    }

    private Map<String, Object> of(GuardedProvider guarded) {
        CircuitBreaker.Metrics metrics = guarded.breaker().getMetrics();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("enabled", switches.enabled(guarded.name()));
        state.put("breaker", guarded.breaker().getState().name());
        // -1 until the breaker has seen its minimum number of calls.
        state.put("failureRate", metrics.getFailureRate());
        state.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
        state.put("rateLimitPerSecond", guarded.permits() == null ? "unlimited" : guarded.permits().perSecond());
        SendResult.Failed last = guarded.lastRealFailure();
        if (last != null) {
            // What the provider itself answered last: behind an open breaker, the cause ops need to see.
            state.put("lastFailure", last.errorClass() + " " + last.code());
        }
        return state;
    }
}
