package dev.smsworker.bench.perf;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.smsworker.bench.broker.Amqp;

import java.nio.charset.StandardCharsets;

/** Fills a queue with N persistent requests (publisher confirms, in batches) before a drain is timed. */
final class Preloader {

    static final String TO = "+4791234567";

    private Preloader() {
    }

    /** The request for message {@code id}: its text starts with the id, for the fake provider to find. */
    static byte[] request(String id) {
        return ("{\"messageId\":\"" + id + "\",\"to\":\"" + TO + "\",\"body\":\"" + id + " benchmark message\",\"kind\":\"transactional\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static void publish(ConnectionFactory factory, String exchange, String routingKey, String idPrefix, int count) throws Exception {
        AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build();
        try (Connection connection = Amqp.connect(factory, "bench-preload"); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            for (int i = 0; i < count; i++) {
                channel.basicPublish(exchange, routingKey, persistent, request(String.format("%s-%07d", idPrefix, i)));
                if (i % 1_000 == 999) {
                    channel.waitForConfirmsOrDie(60_000);
                }
            }
            channel.waitForConfirmsOrDie(60_000);
        }
    }
}
