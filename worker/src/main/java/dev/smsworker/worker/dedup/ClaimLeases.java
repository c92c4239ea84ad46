package dev.smsworker.worker.dedup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lease on each claim this worker holds: a claim lives {@code sms.dedup.claim-timeout} in the store and
 * is renewed every third of that while its send is in progress (through holds and permit waits too), so
 * a worker that dies (SIGKILL, a lost pod) blocks its messages' ids for one claim timeout at most, not
 * for the longest hold. A claim never lapses during a provider call of a live worker: every attempt starts
 * on a claim just taken or just renewed ({@link #confirm}), and {@link CallTimeBudget} checks at start
 * that the longest attempt fits in one claim timeout, even if every renewal during it fails.
 *
 * <p>A lease ends with its send ({@link SendDeduplication#recordSend}, {@link SendDeduplication#release}),
 * or when the thread that took it has ended without either (a bug escaped the send): that claim is left
 * to lapse. Renewal failures count in {@code sms_dedup_store_errors_total{operation="renew"}}; a claim
 * found gone while its send went on counts in {@code sms_dedup_claims_lost_total}.
 */
public class ClaimLeases implements ClaimCheck, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClaimLeases.class);
    private static final Duration WARN_EVERY = Duration.ofSeconds(30);

    private final SentStore store;
    private final Duration every;
    private final MeterRegistry meters;
    private final ConcurrentMap<String, Lease> leases = new ConcurrentHashMap<>();
    private final AtomicLong lastWarning = new AtomicLong();
    private ScheduledExecutorService ticks;
    private ExecutorService renewals;
    private volatile boolean running;

    private record Lease(InFlight claim, Thread owner) {
    }

    /** @param properties with the claim timeout in effect ({@link CallTimeBudget#claimTimeout()}) */
    ClaimLeases(SentStore store, DedupProperties properties, MeterRegistry meters) {
        this.store = store;
        this.every = renewEvery(properties.claimTimeout());
        this.meters = meters;
    }

    /** A third of the claim timeout: two renewals may fail before a live claim is at risk. */
    static Duration renewEvery(Duration claimTimeout) {
        return claimTimeout.dividedBy(3);
    }

    /** The calling thread took {@code claim}: renew it until {@link #end}. */
    void begin(String messageId, InFlight claim) {
        leases.put(messageId, new Lease(claim, Thread.currentThread()));
    }

    /** The send of {@code claim} is over: stop renewing it (before its record or release replaces it). */
    void end(String messageId, InFlight claim) {
        leases.computeIfPresent(messageId, (id, lease) -> lease.claim().equals(claim) ? null : lease);
    }

    int held() {
        return leases.size();
    }

    @Override
    public Standing confirm(String messageId) {
        Lease lease = leases.get(messageId);
        if (lease == null) {
            return Standing.HELD;
        }
        try {
            if (store.renew(messageId, lease.claim())) {
                return Standing.HELD;
            }
        } catch (RuntimeException e) {
            renewFailed(e);
            return Standing.UNCONFIRMED;
        }
        lost(messageId, lease, "before a provider call; the message is handed back unsent");
        return Standing.LOST;
    }

    /** One heartbeat: every live lease renewed at once (Lettuce pipelines them on its one connection). */
    void renewAll() {
        List<Future<?>> pending = new ArrayList<>();
        for (Map.Entry<String, Lease> entry : leases.entrySet()) {
            String messageId = entry.getKey();
            Lease lease = entry.getValue();
            if (!lease.owner().isAlive()) {
                // Its send ended without a record or release (a bug escaped it): whether it went out is
                // unknown, so the claim is left to lapse by itself, one claim timeout from its last renewal.
                leases.remove(messageId, lease);
                continue;
            }
            pending.add(renewals.submit(() -> renew(messageId, lease)));
        }
        for (Future<?> renewal : pending) {
            try {
                renewal.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // renew() handles its own failures
            }
        }
    }

    private void renew(String messageId, Lease lease) {
        try {
            if (!store.renew(messageId, lease.claim()) && leases.get(messageId) == lease) {
                lost(messageId, lease, "while its send was in progress; a copy delivered meanwhile may be sent too");
            }
        } catch (RuntimeException e) {
            renewFailed(e);
        }
    }

    private void lost(String messageId, Lease lease, String consequence) {
        leases.remove(messageId, lease);
        Counter.builder("sms.dedup.claims.lost")
                .description("Claims found lapsed while their worker still held them (the store was away longer than the claim timeout)")
                .register(meters).increment();
        log.warn("claim on a message id lapsed {} (the sent-record store did not answer for sms.dedup.claim-timeout)", consequence);
    }

    private void renewFailed(RuntimeException e) {
        Counter.builder("sms.dedup.store.errors").description("Sent-record store operations that failed")
                .tag("operation", "renew")
                .register(meters).increment();
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY.toMillis() && lastWarning.compareAndSet(last, now)) {
            log.warn("sent-record store failed on renew ({}); claims of sends in progress lapse after sms.dedup.claim-timeout "
                    + "unless a renewal gets through", e.getClass().getSimpleName());
        }
    }

    @Override
    public void start() {
        renewals = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sms-claim-renew-", 0).factory());
        ticks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sms-claim-leases").factory());
        ticks.scheduleWithFixedDelay(this::renewAll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (ticks != null) {
            ticks.shutdownNow();
            renewals.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Started before the consumers and stopped after them (and after their drain), like the availability probe. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }
}
