package dev.smsworker.worker.retry;

import dev.smsworker.contracts.Topology;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The configured delay queues, in order. */
@Component
public class DelayTiers {

    private final List<DelayTier> tiers;

    public DelayTiers(RetryProperties properties) {
        List<Duration> delays = properties.delays();
        List<DelayTier> built = new ArrayList<>();
        for (int i = 0; i < delays.size(); i++) {
            built.add(new DelayTier(i + 1, delays.get(i), Topology.delayLabel(delays.get(i))));
        }
        if (built.stream().map(DelayTier::label).distinct().count() != built.size()) {
            throw new IllegalArgumentException("sms.retry.delays must be distinct: " + delays);
        }
        this.tiers = List.copyOf(built);
    }

    public List<DelayTier> all() {
        return tiers;
    }

    /** The tier a message goes to after its {@code attempt}-th attempt failed, or empty when retries are exhausted. */
    public Optional<DelayTier> afterAttempt(int attempt) {
        return attempt >= 1 && attempt <= tiers.size() ? Optional.of(tiers.get(attempt - 1)) : Optional.empty();
    }
}
