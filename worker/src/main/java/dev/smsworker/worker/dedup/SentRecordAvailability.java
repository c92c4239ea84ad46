package dev.smsworker.worker.dedup;

import dev.smsworker.worker.gate.LaneGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * With {@code sms.dedup.required} and a Redis store: probes Redis every {@link #EVERY} and, while it
 * does not answer, holds the {@link LaneGate} closed under {@code "dedup"} (the lanes pause, no message
 * is taken) and reports not ready; both end on the first answer. One log line per change, naming
 * Redis by host and port only. Without the requirement it does nothing and reports up.
 *
 * <p>Starts before the consumers (the first probe runs inside {@link #start}, so a worker started with a
 * wrong password never takes a message) and stops after them.
 */
@Component
public class SentRecordAvailability implements SmartLifecycle, AutoCloseable {

    static final String GATE = "dedup";
    static final Duration EVERY = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(SentRecordAvailability.class);

    private final boolean watched;
    private final DedupProperties properties;
    private final LaneGate gate;
    private final Clock clock;
    private RedisProbe probe;
    private ScheduledExecutorService ticks;
    private volatile boolean running;
    /** Null while reachable (or not watched). */
    private volatile Instant downSince;
    private volatile String lastFailure;

    SentRecordAvailability(DedupRequirement requirement, DedupProperties properties, LaneGate gate, Clock clock) {
        this.watched = requirement.storeRequired() && properties.store() == DedupProperties.Store.REDIS;
        this.properties = properties;
        this.gate = gate;
        this.clock = clock;
    }

    /** True when sends may go on: the record answers, or it is not required. */
    public boolean available() {
        return downSince == null;
    }

    boolean watched() {
        return watched;
    }

    /** How long the required record has been unreachable; zero while available. */
    Duration downFor() {
        Instant since = downSince;
        return since == null ? Duration.ZERO : Duration.between(since, clock.instant());
    }

    /** The last probe failure, e.g. {@code RedisCommandExecutionException: WRONGPASS ...}; null while available. */
    String lastFailure() {
        return downSince == null ? null : lastFailure;
    }

    String target() {
        return probe == null ? "" : probe.target();
    }

    @Override
    public void start() {
        running = true;
        if (!watched) {
            return;
        }
        probe = new RedisProbe(properties.redis());
        check();
        ticks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sms-dedup-probe").factory());
        ticks.scheduleWithFixedDelay(this::check, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            probe.ping();
            reachable();
        } catch (RuntimeException e) {
            unreachable(probe.describe(e));
        }
    }

    private void reachable() {
        if (downSince == null) {
            return;
        }
        Duration down = downFor();
        downSince = null;
        log.info("sent-record store (redis at {}) reachable again after {}s; ready, lanes resume",
                probe.target(), down.toSeconds());
        gate.open(GATE);
    }

    private void unreachable(String failure) {
        lastFailure = failure;
        if (downSince != null) {
            return;
        }
        downSince = clock.instant();
        // No sends without the duplicate check: with several workers that is exactly when one SMS goes out twice.
        log.error("sent-record store (redis at {}) unreachable ({}); sms.dedup.required is on, so this worker is "
                + "not ready and its lanes are paused until it answers", probe.target(), failure);
        gate.close(GATE);
    }

    @Override
    public void stop() {
        running = false;
        close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the consumers start ({@code LaneSubscriptions} is at {@code MAX_VALUE - 1024}), after they stop. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    @Override
    public synchronized void close() {
        if (ticks != null) {
            ticks.shutdownNow();
            ticks = null;
        }
        if (probe != null) {
            probe.close();
        }
    }
}
