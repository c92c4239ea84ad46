package dev.smsworker.worker.topology;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import dev.smsworker.contracts.topology.ExpectedExchange;
import dev.smsworker.contracts.topology.ExpectedQueue;
import dev.smsworker.contracts.topology.ExpectedTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpAuthenticationException;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * The {@code verify} mode's admin: {@link #initialize()} (called at start-up and when the consumers
 * resubscribe) passively declares every exchange and queue, which needs no configure permission, and
 * fails with a message saying how to apply the topology when one is missing. It never creates, changes or
 * deletes anything; the drift check compares their settings.
 *
 * <p>It checks on a short-lived connection of its own rather than a cached channel: a failed passive
 * declare closes its channel, and Spring's cache hands that to a non-daemon executor that keeps a failed
 * JVM alive for another minute.
 */
class PassiveTopologyAdmin extends RabbitAdmin {

    private static final Logger log = LoggerFactory.getLogger(PassiveTopologyAdmin.class);

    private final CachingConnectionFactory connectionFactory;
    private final ExpectedTopology expected;

    PassiveTopologyAdmin(CachingConnectionFactory connectionFactory, ExpectedTopology expected) {
        super(connectionFactory);
        this.connectionFactory = connectionFactory;
        this.expected = expected;
        // No connection listener: Spring's would declare on every connect, and a failure there reads as
        // "broker unreachable". StartupVerification and the consumers call initialize().
        setAutoStartup(false);
    }

    /**
     * @throws IllegalStateException        when an exchange or queue is missing (or not accessible)
     * @throws AmqpConnectException         when the broker can't be reached
     * @throws AmqpAuthenticationException  when it refuses the login
     */
    @Override
    public void initialize() {
        try (Connection connection = open()) {
            String current = "a channel";
            try {
                Channel channel = connection.createChannel();
                for (ExpectedExchange exchange : expected.exchanges()) {
                    current = "exchange " + exchange.name();
                    channel.exchangeDeclarePassive(exchange.name());
                }
                for (ExpectedQueue queue : expected.queues()) {
                    current = "queue " + queue.name();
                    channel.queueDeclarePassive(queue.name());
                }
            } catch (IOException e) {
                throw new IllegalStateException("sms.topology.mode=verify and " + current + " is missing or not accessible ("
                        + rootMessage(e) + "); apply the topology first: sms-ops topology apply, or import "
                        + "ops/rabbitmq/definitions.json (or set sms.topology.mode=declare)", e);
            }
        } catch (IOException e) {
            // only close() throws here: the checks passed, the connection is going anyway
        }
        log.info("topology verified: {} exchanges and {} queues exist", expected.exchanges().size(), expected.queues().size());
    }

    private Connection open() {
        try {
            return connectionFactory.getRabbitConnectionFactory().newConnection("sms-worker-topology-check");
        } catch (PossibleAuthenticationFailureException e) {
            throw new AmqpAuthenticationException(e);
        } catch (IOException | TimeoutException e) {
            throw new AmqpConnectException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
