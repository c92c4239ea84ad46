package dev.smsworker.worker.consumer;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Whether the consumer connection is up, and since when it has been down. */
@Component
class BrokerConnectionState {

    private final Clock clock;
    /** Null while connected. */
    private final AtomicReference<Instant> downSince;

    BrokerConnectionState(Clock clock) {
        this.clock = clock;
        this.downSince = new AtomicReference<>(clock.instant());
    }

    void up() {
        downSince.set(null);
    }

    void down() {
        downSince.compareAndSet(null, clock.instant());
    }

    public boolean connected() {
        return downSince.get() == null;
    }

    /** How long the connection has been down; zero while connected. */
    public Duration downFor() {
        Instant since = downSince.get();
        return since == null ? Duration.ZERO : Duration.between(since, clock.instant());
    }
}
