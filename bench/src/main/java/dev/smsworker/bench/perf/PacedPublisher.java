package dev.smsworker.bench.perf;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.smsworker.bench.broker.Amqp;
import dev.smsworker.contracts.Topology;

import java.time.Duration;

/**
 * Publishes at a fixed rate for a while and remembers when each message left ({@link System#nanoTime()}),
 * in the same JVM as the fake provider, so publish-to-provider latency needs no clock sync.
 */
final class PacedPublisher {

    private final long[] publishedAt;
    private final String idPrefix;

    PacedPublisher(String idPrefix, int capacity) {
        this.idPrefix = idPrefix;
        this.publishedAt = new long[capacity];
    }

    /** Publishes {@code perSecond * duration} messages evenly spaced; returns how many went out. */
    int run(ConnectionFactory factory, double perSecond, Duration duration) throws Exception {
        int total = (int) Math.min(publishedAt.length, perSecond * duration.toSeconds());
        AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build();
        try (Connection connection = Amqp.connect(factory, "bench-paced"); Channel channel = connection.createChannel()) {
            channel.confirmSelect(); // confirms are tracked by the client, not waited for: like a publisher that pipelines
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / perSecond);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                    if (due - System.nanoTime() > 2_000_000) {
                        Thread.sleep(1);
                    }
                }
                publishedAt[i] = System.nanoTime();
                channel.basicPublish(Topology.EXCHANGE, "send.transactional", persistent, Preloader.request(id(i)));
            }
            channel.waitForConfirmsOrDie(60_000);
        }
        return total;
    }

    String id(int i) {
        return String.format("%s-%07d", idPrefix, i);
    }

    long publishedAt(int i) {
        return publishedAt[i];
    }
}
