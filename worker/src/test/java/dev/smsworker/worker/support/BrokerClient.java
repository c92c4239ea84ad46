package dev.smsworker.worker.support;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import dev.smsworker.contracts.Topology;

import dev.smsworker.testing.TestBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What a publisher and an ops engineer do with the broker, for tests: publish, take from queues, watch events. */
public final class BrokerClient implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;

    public BrokerClient(TestBroker broker, String vhost) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(broker.host);
        factory.setPort(broker.amqpPort);
        factory.setVirtualHost(vhost);
        // Reads whatever the broker accepted (RabbitMQ caps messages at 512 MiB), like the ops CLI.
        factory.setMaxInboundMessageBodySize(Topology.MAX_MESSAGE_BYTES);
        try {
            connection = factory.newConnection("test-client");
            channel = connection.createChannel();
            channel.confirmSelect();
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    public void publish(String routingKey, String json) {
        publish(routingKey, json, Map.of());
    }

    public void publish(String routingKey, String json, Map<String, Object> headers) {
        publish(routingKey, json.getBytes(StandardCharsets.UTF_8), new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2).headers(new HashMap<>(headers)).build());
    }

    public void publish(String routingKey, byte[] body, AMQP.BasicProperties properties) {
        publishTo(Topology.EXCHANGE, routingKey, body, properties);
    }

    /** Publishes to any exchange, e.g. {@code sms.failed} to stand in for a failure an earlier run stored. */
    public void publishTo(String exchange, String routingKey, byte[] body, AMQP.BasicProperties properties) {
        try {
            channel.basicPublish(exchange, routingKey, properties, body);
            channel.waitForConfirmsOrDie(5_000);
        } catch (IOException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binds {@code queue} to {@code exchange}, e.g. to restore a binding a test removed. */
    public void bind(String queue, String exchange, String routingKey) {
        try {
            channel.queueBind(queue, exchange, routingKey);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes one message from a queue (acked), or null if it is empty. */
    public GetResponse take(String queue) {
        try {
            return channel.basicGet(queue, true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public long depth(String queue) {
        try {
            return channel.messageCount(queue);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A queue bound to sms.events for every event; returns the events (JSON) as they arrive. */
    public BlockingQueue<String> watchEvents() {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try {
            Channel events_ = connection.createChannel();
            String queue = events_.queueDeclare().getQueue();
            events_.queueBind(queue, Topology.EVENTS_EXCHANGE, "#");
            events_.basicConsume(queue, true, (tag, delivery) ->
                    events.add(new String(delivery.getBody(), StandardCharsets.UTF_8)), tag -> { });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }

    public static String header(GetResponse response, String name) {
        Object value = response.getProps().getHeaders() == null ? null : response.getProps().getHeaders().get(name);
        return value == null ? null : value instanceof LongString ls ? ls.toString() : value.toString();
    }

    public static List<String> poll(BlockingQueue<String> queue, int count, long seconds) throws InterruptedException {
        List<String> taken = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (taken.size() < count && System.nanoTime() < deadline) {
            String next = queue.poll(100, TimeUnit.MILLISECONDS);
            if (next != null) {
                taken.add(next);
            }
        }
        return taken;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
            // already closed
        }
    }
}
