package dev.smsworker.worker.topology.drift;

import dev.smsworker.contracts.topology.Drift;
import dev.smsworker.contracts.topology.DriftCheck;
import dev.smsworker.contracts.topology.ExpectedTopology;
import dev.smsworker.contracts.topology.ManagementApi;
import dev.smsworker.worker.topology.TopologyProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Compares what the broker applies to our exchanges and queues (arguments, policy, operator policy) with
 * what the worker declared, at start-up and every {@code sms.topology.drift-check.interval}, and reports
 * through {@link DriftLog}, {@link DriftGauge} and the {@code topology} health component. A policy can
 * override a declaration at any time without the worker hearing of it: an operator policy
 * {@code max-length: 2} on {@code sms.failed} silently drops failed messages.
 */
@Component
class TopologyDriftMonitor implements SmartLifecycle {

    private final ExpectedTopology expected;
    private final TopologyProperties properties;
    /** Null when there is none to read ({@link ManagementTarget.Unknown}): then {@link #noApi} says why. */
    private final ManagementApi api;
    private final String noApi;
    private final DriftLog log = new DriftLog();
    private final DriftGauge gauge;
    private final Clock clock = Clock.systemUTC();
    private volatile DriftStatus status;
    private ScheduledExecutorService scheduler;

    TopologyDriftMonitor(ExpectedTopology expected, TopologyProperties properties, CachingConnectionFactory amqp,
                         RabbitConnectionDetails broker, MeterRegistry registry) {
        this.expected = expected;
        this.properties = properties;
        ManagementTarget target = ManagementTarget.of(properties.management().url(), broker.getAddresses());
        this.api = target instanceof ManagementTarget.At at ? managementApi(at, properties.management(), amqp) : null;
        this.noApi = target instanceof ManagementTarget.Unknown unknown ? unknown.reason() : null;
        this.gauge = new DriftGauge(registry);
        this.status = new DriftStatus.NotChecked(properties.driftCheck().enabled() ? "not yet run" : "sms.topology.drift-check.enabled=false");
    }

    /** The last answer; never null. */
    DriftStatus status() {
        return status;
    }

    @Override
    public void start() {
        if (!properties.driftCheck().enabled()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sms-topology-drift").factory());
        long interval = properties.driftCheck().interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::check, 0, interval, TimeUnit.MILLISECONDS);
    }

    void check() {
        if (api == null) {
            unavailable(noApi);
            gauge.show(List.of());
            return;
        }
        try {
            List<Drift> drifts = DriftCheck.compare(expected, api.read());
            status = new DriftStatus.Checked(clock.instant(), drifts);
            log.checked(drifts);
            gauge.show(drifts);
        } catch (ManagementApi.Unavailable e) {
            unavailable(e.getMessage());
            // What we can't see we don't claim: no series rather than stale ones.
            gauge.show(List.of());
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: keep checking.
            unavailable(e.toString());
        }
    }

    private void unavailable(String reason) {
        Instant since = status instanceof DriftStatus.Unavailable previous ? previous.since() : clock.instant();
        status = new DriftStatus.Unavailable(since, reason);
        log.unavailable(reason);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** After the consumers (which declare the topology in declare mode), so the first check sees it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private static ManagementApi managementApi(ManagementTarget.At target, TopologyProperties.Management management,
                                              CachingConnectionFactory amqp) {
        String username = management.username() != null ? management.username() : amqp.getUsername();
        String password = management.password() != null ? management.password()
                : amqp.getRabbitConnectionFactory().getPassword();
        return new ManagementApi(target.url(), amqp.getVirtualHost(), username, password);
    }
}
