package dev.smsworker.bench.chaos;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.smsworker.contracts.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes the run's requests at a steady rate, with publisher confirms, straight to the broker (not
 * through the proxy). A batch whose confirms are lost to a fault is published again after reconnecting;
 * its ids go to {@link #republished()}: if such a message is sent twice, the harness did it, not the worker.
 */
final class ChaosPublisher implements Runnable {

    private static final int BATCH = 100;

    private final ConnectionFactory factory;
    private final List<Requests.Request> requests;
    private final double perSecond;
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final Set<String> republished = ConcurrentHashMap.newKeySet();
    private volatile int reconnects;

    ChaosPublisher(ConnectionFactory factory, List<Requests.Request> requests, double perSecond) {
        this.factory = factory;
        this.requests = requests;
        this.perSecond = perSecond;
    }

    Set<String> confirmed() {
        return confirmed;
    }

    Set<String> republished() {
        return republished;
    }

    int reconnects() {
        return reconnects;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        int next = 0;
        Connection connection = null;
        Channel channel = null;
        while (next < requests.size()) {
            long due = (long) (next / perSecond * 1e9);
            long wait = start + due - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            }
            List<Requests.Request> batch = dueBatch(start, next);
            try {
                if (channel == null || !channel.isOpen()) {
                    closeQuietly(connection);
                    connection = factory.newConnection("chaos-publisher");
                    channel = connection.createChannel();
                    channel.confirmSelect();
                }
                for (Requests.Request request : batch) {
                    channel.basicPublish(Topology.EXCHANGE, request.routingKey(), properties(request), request.json());
                }
                channel.waitForConfirmsOrDie(30_000);
                batch.forEach(r -> confirmed.add(r.id()));
                next += batch.size();
            } catch (Exception e) {
                // Unknown whether the broker stored them: publish them again, and remember that we did.
                batch.forEach(r -> republished.add(r.id()));
                reconnects++;
                closeQuietly(connection);
                channel = null;
                connection = null;
                sleepNanos(1_000_000_000L);
            }
        }
        closeQuietly(connection);
    }

    private List<Requests.Request> dueBatch(long start, int from) {
        long elapsed = System.nanoTime() - start;
        int due = (int) Math.min(requests.size(), Math.max(from + 1, (long) (elapsed / 1e9 * perSecond) + 1));
        return new ArrayList<>(requests.subList(from, Math.min(due, from + BATCH)));
    }

    private static AMQP.BasicProperties properties(Requests.Request request) {
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2).messageId(request.id()).build();
    }

    private static void closeQuietly(Connection connection) {
        try {
            if (connection != null) {
                connection.abort(2_000);
            }
        } catch (RuntimeException e) {
            // gone
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
