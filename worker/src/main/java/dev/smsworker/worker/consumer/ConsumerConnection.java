package dev.smsworker.worker.consumer;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import dev.smsworker.contracts.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

/**
 * The consumers' own connection, separate from the publishing one: a memory alarm blocks publishing
 * connections and must not stall the acks. It connects within {@code sms.broker.startup-timeout}, then
 * recovers by itself every {@code sms.broker.recovery-interval}, and keeps {@link BrokerConnectionState}
 * up to date.
 */
@Component
class ConsumerConnection {

    private static final Logger log = LoggerFactory.getLogger(ConsumerConnection.class);

    private final CachingConnectionFactory publishingFactory;
    private final BrokerProperties broker;
    private final BrokerConnectionState state;
    private final BrokerAddresses addresses;
    // The client runs each channel's deliveries in order on this pool; a lane at its in-flight limit
    // blocks only its own channel's task.
    private final ExecutorService dispatch = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("sms-dispatch-", 0).factory());
    private Connection connection;

    ConsumerConnection(CachingConnectionFactory publishingFactory, BrokerProperties broker, BrokerConnectionState state,
                       RabbitConnectionDetails connectionDetails) {
        this.publishingFactory = publishingFactory;
        this.broker = broker;
        this.state = state;
        // Boot's factory clone below knows only the first address; the cluster's nodes come from here.
        this.addresses = BrokerAddresses.of(connectionDetails);
    }

    /**
     * Opens the publishing connection and this one, retrying once a second.
     *
     * @throws BrokerUnreachableException when neither is open by {@code sms.broker.startup-timeout}
     */
    void open() {
        connection = connectWithin(broker.startupTimeout());
    }

    /** A new channel; after a reconnect the client re-creates it with its consumers. */
    Channel createChannel() throws IOException {
        return connection.createChannel();
    }

    /** False while the connection is down (the client is recovering it) or after {@link #close}. */
    boolean isOpen() {
        return connection.isOpen();
    }

    boolean connected() {
        return state.connected();
    }

    /** Closes the connection (waiting up to 5 s for the broker) and stops the dispatch pool. */
    void close() {
        try {
            connection.close(5_000);
        } catch (IOException | RuntimeException e) {
            log.debug("closing the consumer connection: {}", e.toString());
        }
        dispatch.shutdown();
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
