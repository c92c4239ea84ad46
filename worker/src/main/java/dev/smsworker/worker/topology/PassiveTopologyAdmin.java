package dev.smsworker.worker.topology;

import dev.smsworker.contracts.topology.ExpectedExchange;
import dev.smsworker.contracts.topology.ExpectedQueue;
import dev.smsworker.contracts.topology.ExpectedTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpAuthenticationException;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * The {@code verify} mode's admin: {@link #initialize()} (called when the consumers start and resubscribe)
 * passively declares every exchange and queue, which needs no configure permission, and fails with a
 * message saying how to apply the topology when one is missing. It never creates, changes or deletes
 * anything; the drift check compares their settings.
 */
class PassiveTopologyAdmin extends RabbitAdmin {

    private static final Logger log = LoggerFactory.getLogger(PassiveTopologyAdmin.class);

    private final ExpectedTopology expected;

    PassiveTopologyAdmin(ConnectionFactory connectionFactory, ExpectedTopology expected) {
        super(connectionFactory);
        this.expected = expected;
        // No connection listener: Spring's would declare on every connect, and a failure there reads as
        // "broker unreachable". The consumers call initialize() once they are connected.
        setAutoStartup(false);
    }

    @Override
    public void initialize() {
        String current = null;
        try {
            for (ExpectedExchange exchange : expected.exchanges()) {
                current = "exchange " + exchange.name();
                String name = exchange.name();
                getRabbitTemplate().execute(channel -> channel.exchangeDeclarePassive(name));
            }
            for (ExpectedQueue queue : expected.queues()) {
                current = "queue " + queue.name();
                String name = queue.name();
                getRabbitTemplate().execute(channel -> channel.queueDeclarePassive(name));
            }
        } catch (AmqpConnectException | AmqpAuthenticationException e) {
            throw e; // no broker, or not us: the consumers' start-up reports those
        } catch (AmqpException e) {
            throw new IllegalStateException("sms.topology.mode=verify and " + current + " is missing or not accessible ("
                    + rootMessage(e) + "); apply the topology first: sms-ops topology apply, or import "
                    + "ops/rabbitmq/definitions.json (or set sms.topology.mode=declare)", e);
        }
        log.info("topology verified: {} exchanges and {} queues exist", expected.exchanges().size(), expected.queues().size());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
