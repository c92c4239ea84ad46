package dev.smsworker.worker.consumer;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.smsworker.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Coalesced acks against the real broker: what a multiple ack may cover, and that an ack behind an unsettled
 * delivery still leaves. Progress is seen through the prefetch window: the broker delivers more only as acks arrive.
 */
class ChannelAcksIT {

    static final String QUEUE = "acks.test";

    TestBroker broker;
    String vhost;
    Connection connection;
    Channel channel;
    ChannelAcks acks;
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    record Delivery(long tag, String body) {
    }

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.get();
        vhost = broker.createVhost("acks");
        connection = broker.connectionFactory(vhost).newConnection();
        channel = connection.createChannel();
        channel.queueDeclare(QUEUE, true, false, false, Map.of("x-queue-type", "quorum"));
        acks = new ChannelAcks(channel, QUEUE);
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        broker.deleteVhost(vhost);
    }

    @Test
    void aRunOfAcksSettlesEveryMessageInIt() throws Exception {
        publish(10);
        consume(5);
        await().until(() -> deliveries.size() == 5);
        deliveries.forEach(d -> acks.ack(d.tag()));
        // The window frees only once the acks reach the broker.
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.size() == 10);
        deliveries.subList(5, 10).forEach(d -> acks.ack(d.tag()));
        acks.flushAll();
        awaitSettledBeyond(0);

        channel.close();
        assertThat(readyOnceReturned()).as("nothing handed back when the channel closed").isZero();
    }

    @Test
    void aRequeuedDeliveryInsideTheRunIsNeverCoveredByTheMultipleAck() throws Exception {
        publish(5);
        consume(5);
        await().until(() -> deliveries.size() == 5);
        long third = deliveries.get(2).tag();
        acks.ack(deliveries.get(3).tag());
        acks.ack(deliveries.get(4).tag());
        acks.requeue(third);
        acks.ack(deliveries.get(0).tag());
        acks.ack(deliveries.get(1).tag());
        acks.flushAll();
        // The requeued message comes straight back to this consumer (the window has room); left unsettled.
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.size() == 6);
        awaitSettledBeyond(1);

        channel.close();
        assertThat(deliveries.get(5).body()).isEqualTo("m2");
        assertThat(readyOnceReturned()).as("only the requeued message is back in the queue").isEqualTo(1);
    }

    @Test
    void anAckBehindAnUnsettledDeliveryLeavesWithoutWaitingForIt() throws Exception {
        publish(4);
        consume(3);
        await().until(() -> deliveries.size() == 3);
        // The first is still being processed: a multiple ack for the others would settle it too.
        acks.ack(deliveries.get(1).tag());
        acks.ack(deliveries.get(2).tag());
        // No flush by hand: the timer sends them one by one once they have waited.
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.size() == 4);

        channel.close();
        assertThat(readyOnceReturned()).as("the unsettled first and the unacked fourth go back").isEqualTo(2);
    }

    /** A multiple ack for a tag the broker no longer holds, or one tag acked twice, would close the channel. */
    @Test
    void thousandsOfDeliveriesFinishingOutOfOrderAreAllAckedOnAChannelThatStaysOpen() throws Exception {
        int count = 5_000;
        publish(count);
        AtomicInteger acked = new AtomicInteger();
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        channel.basicQos(1000);
        channel.basicConsume(QUEUE, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                long tag = envelope.getDeliveryTag();
                acks.delivered(tag);
                executor.execute(() -> {
                    try {
                        Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    acks.ack(tag);
                    acked.incrementAndGet();
                });
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> acked.get() == count || !channel.isOpen());
        executor.close();
        assertThat(channel.isOpen()).as("channel still open: no ack for an unknown tag").isTrue();
        acks.flushAll();
        awaitSettledBeyond(0);
        channel.close();
        assertThat(readyOnceReturned()).isZero();
    }

    private void publish(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            channel.basicPublish("", QUEUE, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void consume(int prefetch) throws Exception {
        channel.basicQos(prefetch);
        channel.basicConsume(QUEUE, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                acks.delivered(envelope.getDeliveryTag());
                deliveries.add(new Delivery(envelope.getDeliveryTag(), new String(body, StandardCharsets.UTF_8)));
            }
        });
    }

    /**
     * Waits until the broker has applied the acks sent so far: nothing ready, and {@code unsettled} messages still
     * delivered and unacknowledged. A quorum queue settles through its Raft log, and a channel closed at once after its
     * acks can reach the queue first: the queue then returns those messages as unacked (81 of 5,000 in a suite run at
     * load 25), which says nothing about the acks sent. The management API's figures lag by its statistics interval,
     * but both figures are 0 (or {@code unsettled}) only once every other message is settled.
     */
    private void awaitSettledBeyond(long unsettled) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var queue = broker.queue(vhost, QUEUE);
            return queue.path("messages_ready").asLong(-1) == 0 && queue.path("messages_unacknowledged").asLong(-1) == unsettled;
        });
    }

    /**
     * Messages ready in the queue once the closed channel's consumer is gone: a quorum queue returns a consumer's
     * unacked messages in the same step that removes it.
     */
    private long readyOnceReturned() throws Exception {
        try (Channel other = connection.createChannel()) {
            AMQP.Queue.DeclareOk state = await().atMost(Duration.ofSeconds(5))
                    .until(() -> other.queueDeclarePassive(QUEUE), ok -> ok.getConsumerCount() == 0);
            return state.getMessageCount();
        }
    }
}
