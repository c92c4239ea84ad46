package dev.smsworker.worker.consumer;

import com.rabbitmq.client.Channel;
import dev.smsworker.worker.gate.LaneGate;
import dev.smsworker.worker.pipeline.SmsPipeline;
import dev.smsworker.worker.routing.LanePauses;
import dev.smsworker.worker.tracing.MessageTracing;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;

/**
 * Subscribes every lane's consumers on the {@link ConsumerConnection}, pauses and resumes them, and
 * drains them at stop.
 *
 * <p>Spring's listener containers are not used because of how they stop: they close the channel once
 * the listener method returns, and our sends are still in flight on virtual threads; the unacked
 * messages would be requeued while their SMS may yet be sent, and another worker would send it again.
 * Here stop means: cancel the consumers, let in-flight sends finish (up to {@code drain-timeout}),
 * then close.
 *
 * <p>A lane pauses while {@link LanePauses} says one of its messages waits for a provider: its
 * consumers send {@code basic.cancel} and keep their channels (the held deliveries are settled on
 * them later), then {@code basic.consume} again when it resumes. Every lane pauses the same way while
 * the {@link LaneGate} is closed (e.g. the required sent-id record is down). A paused consumer counts
 * as live for readiness: the pause is on purpose, and a restart would not end the outage.
 */
@Component
public class LaneSubscriptions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LaneSubscriptions.class);
    /** How often adaptive bounds move: long enough for a mean over hundreds of sends at full speed. */
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Duration HEAP_CUT_LOG_EVERY = Duration.ofMinutes(1);

    private final ConsumerConnection connection;
    private final AmqpAdmin admin;
    private final SmsPipeline pipeline;
    private final ConsumerProperties consumer;
    private final LaneGate gate;
    private final LanePauses pauses;
    private final MessageTracing tracing;
    private final Map<Lane, InFlightLimit> inFlight = new EnumMap<>(Lane.class);
    private final GcPauseShare gcPauses = GcPauseShare.ofThisJvm();
    private final DoubleSupplier oldLive = HeapPressure.oldLiveOfThisJvm();
    private long lastHeapCutLog = System.nanoTime() - HEAP_CUT_LOG_EVERY.toNanos();
    private final List<LaneConsumer> consumers = new ArrayList<>();
    private final ExecutorService sends = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sms-send-", 0).factory());
    private ScheduledExecutorService supervisor;
    private volatile boolean running;

    LaneSubscriptions(ConsumerConnection connection, AmqpAdmin admin, SmsPipeline pipeline, ConsumerProperties consumer,
                      LaneGate gate, LanePauses pauses, MessageTracing tracing, MeterRegistry meters) {
        this.connection = connection;
        this.admin = admin;
        this.pipeline = pipeline;
        this.consumer = consumer;
        this.gate = gate;
        this.pauses = pauses;
        this.tracing = tracing;
        for (Lane lane : Lane.values()) {
            InFlightLimit limit = consumer.adaptive() ? InFlightLimit.adaptive(InFlightRule.upTo(consumer.inFlightPerLane()))
                    : InFlightLimit.fixed(consumer.inFlightPerLane());
            inFlight.put(lane, limit);
            Gauge.builder("sms.consumer.in.flight.limit", limit, InFlightLimit::limit)
                    .description("Sends the lane may have in progress at once now").tag("lane", lane.queue).register(meters);
        }
    }

    @Override
    public void start() {
        connection.open();
        if (admin instanceof RabbitAdmin rabbitAdmin) {
            rabbitAdmin.initialize(); // declare the topology now, and fail now if it can't be
        }
        for (Lane lane : Lane.values()) {
            for (int i = 0; i < consumer.consumersPerLane(); i++) {
                consumers.add(subscribe(lane));
            }
        }
        supervisor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sms-consumer-supervisor").factory());
        supervisor.scheduleWithFixedDelay(this::resubscribeInactive, 5, 5, TimeUnit.SECONDS);
        if (consumer.adaptive()) {
            // With a fixed delay, not rate: ticks missed while the supervisor resubscribed are not run back to back.
            supervisor.scheduleWithFixedDelay(this::adjustLimits, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
        running = true;
        // The gate holds every lane: each change puts all of them in line.
        gate.onChange(this::reconcileAllSoon);
        // Events may arrive out of order from different sending threads: each one only asks the
        // supervisor to bring the lane in line with what LanePauses says now.
        pauses.addListener(new LanePauses.Listener() {
            @Override
            public void paused(String queue) {
                reconcileSoon(queue);
            }

            @Override
            public void resumed(String queue) {
                reconcileSoon(queue);
            }
        });
        reconcileAll(); // the gate may have closed before the consumers existed
        log.info("consuming {} with prefetch {} and {} {} sends in flight per lane", Lane.values().length + " lanes",
                consumer.prefetch(), consumer.adaptive() ? "as the cores allow, up to" : "up to", consumer.inFlightPerLane());
    }

    /** True when every lane has a live consumer: the readiness check. */
    public boolean consuming() {
        synchronized (consumers) {
            return running && connection.connected() && !consumers.isEmpty() && consumers.stream().allMatch(LaneConsumer::active);
        }
    }

    /** Sends in progress right now, across lanes. */
    public int inFlight() {
        return inFlight.values().stream().mapToInt(InFlightLimit::inFlight).sum();
    }

    /** Moves each lane's bound by what its sends saw since the last tick, and the heap lately ({@link InFlightRule}). */
    private void adjustLimits() {
        HeapPressure heap = new HeapPressure(gcPauses.sample(), oldLive.getAsDouble());
        List<String> heapCuts = new ArrayList<>();
        inFlight.forEach((lane, limit) -> {
            int before = limit.tick(heap);
            if (limit.limit() != before && limit.cutForHeap()) {
                heapCuts.add(lane.queue + " " + before + " -> " + limit.limit());
            } else if (limit.limit() != before && log.isDebugEnabled()) {
                log.debug("{}: in-flight limit {} -> {}", lane.queue, before, limit.limit());
            }
        });
        // What ops need to read a drop in throughput: the worker chose to send less at once, and why.
        long now = System.nanoTime();
        if (!heapCuts.isEmpty() && now - lastHeapCutLog >= HEAP_CUT_LOG_EVERY.toNanos()) {
            lastHeapCutLog = now;
            log.warn("collector pauses took {}% of the last {} s with the old generation {}% full after its last collection: "
                            + "in-flight bounds cut ({}); sends waiting on slow providers fill the heap, and a bigger one "
                            + "(JAVA_OPTS -Xmx) lets more wait at once", Math.round(heap.pauseShare() * 100),
                    GcPauseShare.WINDOW.toSeconds(), Math.round(heap.oldLive() * 100), String.join(", ", heapCuts));
        }
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        supervisor.shutdownNow();
        pauses.release(); // held messages go back to the broker unsent instead of waiting out the drain
        synchronized (consumers) {
            consumers.forEach(LaneConsumer::cancel);
        }
        Instant deadline = Instant.now().plus(consumer.drainTimeout());
        log.info("stopping: {} sends in flight, waiting up to {}", inFlight(), consumer.drainTimeout());
        inFlight.forEach((lane, permits) -> drain(lane, permits, deadline));
        // The drained sends' acks may still wait to be coalesced: they must leave before the channels close.
        synchronized (consumers) {
            consumers.forEach(LaneConsumer::flushAcks);
        }
        connection.close();
        sends.shutdown();
        log.info("stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Start after everything else and stop first, while the publishing connection still works. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1024;
    }

    private void reconcileSoon(String queue) {
        try {
            supervisor.execute(() -> reconcile(queue));
        } catch (RejectedExecutionException e) {
            // stopping: the consumers are being cancelled anyway
        }
    }

    private void reconcileAllSoon() {
        try {
            supervisor.execute(this::reconcileAll);
        } catch (RejectedExecutionException e) {
            // stopping: the consumers are being cancelled anyway
        }
    }

    /**
     * Whether the lane reading {@code queue} should be paused: one of its messages waits for a provider
     * ({@link LanePauses}), or the {@link LaneGate} is closed for every lane.
     */
    private boolean shouldPause(String queue) {
        return pauses.paused(queue) || !gate.isOpen();
    }

    /** Pauses or resumes every lane to match {@link #shouldPause}, and says when the gate moved them. */
    private void reconcileAll() {
        if (!running) {
            return;
        }
        for (Lane lane : Lane.values()) {
            reconcile(lane.queue);
        }
    }

    /** Pauses or resumes the lane's consumers to match {@link #shouldPause}. */
    private void reconcile(String queue) {
        if (!running) {
            return;
        }
        boolean gateClosed = !gate.isOpen();
        boolean paused = shouldPause(queue);
        int changed = 0;
        synchronized (consumers) {
            for (LaneConsumer laneConsumer : consumers) {
                if (laneConsumer.lane().queue.equals(queue) && laneConsumer.paused() != paused) {
                    if (paused) {
                        laneConsumer.pause();
                    } else {
                        laneConsumer.resume();
                    }
                    changed += laneConsumer.paused() == paused ? 1 : 0;
                }
            }
        }
        if (changed > 0 && gateClosed) {
            log.warn("{} paused: waiting for {}", queue, String.join(", ", gate.closedBy()));
        } else if (changed > 0 && !paused) {
            log.info("{} resumed", queue);
        }
    }

    private LaneConsumer subscribe(Lane lane) {
        try {
            Channel channel = connection.createChannel();
            channel.basicQos(consumer.prefetch());
            LaneConsumer laneConsumer = new LaneConsumer(channel, lane, pipeline, tracing, inFlight.get(lane), sends,
                    consumer.requeueDelay());
            channel.basicConsume(lane.queue, false, "sms-worker-" + lane.name().toLowerCase() + "-" + channel.getChannelNumber(),
                    laneConsumer);
            return laneConsumer;
        } catch (IOException e) {
            throw new IllegalStateException("cannot consume from " + lane.queue + ": " + e.getMessage(), e);
        }
    }

    /** Consumers the broker cancelled, or whose channel closed on an error, are not recovered by the client. */
    private void resubscribeInactive() {
        if (!running || !connection.isOpen()) {
            return;
        }
        synchronized (consumers) {
            for (int i = 0; i < consumers.size(); i++) {
                LaneConsumer current = consumers.get(i);
                if (current.active()) {
                    // A resume that failed (or an event that raced) is put right here.
                    if (current.paused() != shouldPause(current.lane().queue)) {
                        reconcile(current.lane().queue);
                    }
                    continue;
                }
                try {
                    if (admin instanceof RabbitAdmin rabbitAdmin) {
                        rabbitAdmin.initialize();
                    }
                    current.cancel();
                    closeQuietly(current.getChannel());
                    consumers.set(i, subscribe(current.lane()));
                    log.info("resubscribed to {}", current.lane().queue);
                    if (shouldPause(current.lane().queue)) {
                        consumers.get(i).pause();
                    }
                } catch (RuntimeException e) {
                    log.warn("resubscribe failed, will retry: {}", e.getMessage());
                }
            }
        }
    }

    private void drain(Lane lane, InFlightLimit limit, Instant deadline) {
        try {
            long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            if (!limit.awaitIdle(millis)) {
                log.warn("{}: {} sends still in flight at the drain timeout; their messages go back to the queue",
                        lane.queue, limit.inFlight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            // already gone
        }
    }
}
