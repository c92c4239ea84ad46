package dev.smsworker.bench.broker;

import dev.smsworker.contracts.Topology;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** The harness's own AMQP connections: to publish requests and to read queues. Never through the proxy. */
public final class Amqp {

    private Amqp() {
    }

    public static ConnectionFactory factory(String host, int port, String vhost) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setVirtualHost(vhost);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setConnectionTimeout(5_000);
        factory.setRequestedHeartbeat(10);
        // The harness reconnects itself, where it knows what a lost connection means for its ledger.
        factory.setAutomaticRecoveryEnabled(false);
        factory.setMaxInboundMessageBodySize(Topology.MAX_MESSAGE_BYTES); // reads sms.failed, which keeps oversized bodies
        return factory;
    }

    public static Connection connect(ConnectionFactory factory, String name) {
        try {
            return factory.newConnection(name);
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("cannot connect to " + factory.getHost() + ":" + factory.getPort() + ": " + e, e);
        }
    }

    /** Takes (and acks) every message in {@code queue}. */
    public static List<GetResponse> drain(ConnectionFactory factory, String queue) {
        List<GetResponse> all = new ArrayList<>();
        try (Connection connection = connect(factory, "harness-drain"); Channel channel = connection.createChannel()) {
            for (GetResponse next = channel.basicGet(queue, true); next != null; next = channel.basicGet(queue, true)) {
                all.add(next);
            }
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("cannot drain " + queue + ": " + e, e);
        }
        return all;
    }

    /** Ready messages in a queue, or -1 when it does not exist. */
    public static long depth(ConnectionFactory factory, String queue) {
        try (Connection connection = connect(factory, "harness-depth"); Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException | TimeoutException | RuntimeException e) {
            return -1;
        }
    }

    public static String header(GetResponse message, String name) {
        var headers = message.getProps().getHeaders();
        Object value = headers == null ? null : headers.get(name);
        return value == null ? null : value.toString();
    }
}
