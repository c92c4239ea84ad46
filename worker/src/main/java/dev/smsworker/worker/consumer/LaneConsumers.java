package dev.smsworker.worker.consumer;

import dev.smsworker.contracts.Topology;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import dev.smsworker.worker.gate.LaneGate;
import dev.smsworker.worker.pipeline.SmsPipeline;
import dev.smsworker.worker.routing.LanePauses;
import dev.smsworker.worker.tracing.MessageTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the consumers of every lane on their own connection, separate from the publishing one: a
 * memory alarm blocks publishing connections and must not stall the acks.
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
public class LaneConsumers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LaneConsumers.class);

    private final CachingConnectionFactory publishingFactory;
    private final AmqpAdmin admin;
    private final SmsPipeline pipeline;
    private final ConsumerProperties consumer;
    private final BrokerProperties broker;
    private final BrokerConnectionState state;
    private final BrokerAddresses addresses;
    private final LaneGate gate;
    private final LanePauses pauses;
    private final MessageTracing tracing;
    private final Map<Lane, Semaphore> inFlight = new EnumMap<>(Lane.class);
    private final List<LaneConsumer> consumers = new ArrayList<>();
    private final ExecutorService sends = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sms-send-", 0).factory());
    // The client runs each channel's deliveries in order on this pool; a lane at its in-flight limit
    // blocks only its own channel's task.
    private final ExecutorService dispatch = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("sms-dispatch-", 0).factory());
    private ScheduledExecutorService supervisor;
    private Connection connection;
    private volatile boolean running;

    LaneConsumers(CachingConnectionFactory publishingFactory, AmqpAdmin admin, SmsPipeline pipeline,
                  ConsumerProperties consumer, BrokerProperties broker, BrokerConnectionState state,
                  RabbitConnectionDetails connectionDetails, LaneGate gate, LanePauses pauses, MessageTracing tracing) {
        this.publishingFactory = publishingFactory;
        this.admin = admin;
        this.pipeline = pipeline;
        this.consumer = consumer;
        this.broker = broker;
        this.state = state;
        // Boot's factory clone below knows only the first address; the cluster's nodes come from here.
        this.addresses = BrokerAddresses.of(connectionDetails);
        this.gate = gate;
        this.pauses = pauses;
        this.tracing = tracing;
        for (Lane lane : Lane.values()) {
            inFlight.put(lane, new Semaphore(consumer.inFlightPerLane()));
        }
    }

    @Override
    public void start() {
        connection = connectWithin(broker.startupTimeout());
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
        log.info("consuming {} with prefetch {} and up to {} sends in flight per lane",
                Lane.values().length + " lanes", consumer.prefetch(), consumer.inFlightPerLane());
    }

    /** True when every lane has a live consumer: the readiness check. */
    public boolean consuming() {
        synchronized (consumers) {
            return running && state.connected() && !consumers.isEmpty() && consumers.stream().allMatch(LaneConsumer::active);
        }
    }

    /** Sends in progress right now, across lanes. */
    public int inFlight() {
        return inFlight.values().stream().mapToInt(s -> consumer.inFlightPerLane() - s.availablePermits()).sum();
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
        closeConnection();
        sends.shutdown();
        dispatch.shutdown();
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

    private Connection connectWithin(Duration timeout) {
        ConnectionFactory factory = consumerFactory();
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                publishingFactory.createConnection(); // opens (and keeps) the publishing connection too
                Connection opened = factory.newConnection(addresses.nodes(), "sms-worker-consumers");
                watch(opened);
                state.up();
                return opened;
            } catch (IOException | TimeoutException | RuntimeException e) {
                last = e;
                sleep(Duration.ofSeconds(1));
            }
        }
        throw new BrokerUnreachableException(addresses.toString(), timeout, last == null ? new TimeoutException() : last);
    }

    /**
     * Boot's settings (credentials, virtual host, TLS, heartbeat), with the client's own recovery switched
     * on. Its host and port are not used: connections are opened on {@link #addresses}.
     */
    private ConnectionFactory consumerFactory() {
        ConnectionFactory factory = publishingFactory.getRabbitConnectionFactory().clone();
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true); // re-creates our channels and consumers after a reconnect
        factory.setNetworkRecoveryInterval(broker.recoveryInterval().toMillis());
        factory.setSharedExecutor(dispatch);
        // The client's default (64 MiB) is below what RabbitMQ 3.x accepts (128 MiB): a bigger message
        // made the client close the connection, and it came back on every reconnect, stalling every lane.
        // Take anything the broker can hold; RequestReader then fails it as message-too-large.
        factory.setMaxInboundMessageBodySize(Topology.MAX_MESSAGE_BYTES);
        return factory;
    }

    private void watch(Connection opened) {
        opened.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
                state.down();
                log.warn("lost the broker connection; recovering every {}", broker.recoveryInterval());
            }
        });
        if (opened instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    state.up();
                    log.info("broker connection recovered");
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    state.down();
                }
            });
        }
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

    private void drain(Lane lane, Semaphore permits, Instant deadline) {
        try {
            long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            if (!permits.tryAcquire(consumer.inFlightPerLane(), millis, TimeUnit.MILLISECONDS)) {
                log.warn("{}: {} sends still in flight at the drain timeout; their messages go back to the queue",
                        lane.queue, consumer.inFlightPerLane() - permits.availablePermits());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeConnection() {
        try {
            connection.close(5_000);
        } catch (IOException | RuntimeException e) {
            log.debug("closing the consumer connection: {}", e.toString());
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
