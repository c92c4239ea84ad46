package dev.smsworker.worker.aot;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.contracts.Topology;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * The requests a training start sends itself: every lane, GSM-7 and UCS-2 bodies, numbers of two countries, each
 * request to a number of its own (so no guard rule or dedup record refuses it and every one reaches the provider),
 * published as a monolith does (persistent, with a confirm per batch).
 */
final class TrainingTraffic {

    private static final int BATCH = 500;
    private static final List<String> BODIES = List.of(
            "Your code is %06d",                      // GSM-7, one segment
            "Votre code : %06d. Ne le partagez pas ✓", // UCS-2: the check mark is outside GSM-7
            "Din kode er %06d. Den gjelder i 10 minutter. Hilsen banken din, som aldri spør etter koden på telefon."
                    + " Ring oss på 915 00 000 hvis du ikke ba om den, så sperrer vi tilgangen med en gang.");  // GSM-7, two segments

    private TrainingTraffic() {
    }

    /** Publishes {@code messages} requests to {@value Topology#EXCHANGE} and waits for the broker's confirms. */
    static void publish(ConnectionFactory factory, int messages) throws IOException, InterruptedException, TimeoutException {
        JsonMapper json = JsonMapper.builder().build();
        Kind[] kinds = Kind.values();
        try (Connection connection = factory.newConnection("sms-worker-aot-training"); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            for (int i = 0; i < messages; i++) {
                Kind kind = kinds[i % kinds.length];
                String messageId = UUID.randomUUID().toString();
                SmsRequest request = new SmsRequest(messageId, number(i), body(i), null, kind, null, null);
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                        .deliveryMode(2).messageId(messageId).correlationId(messageId)
                        .headers(Map.of(Headers.CORRELATION_ID, messageId)).build();
                channel.basicPublish(Topology.EXCHANGE, kind.routingKey(), properties, json.writeValueAsBytes(request));
                if ((i + 1) % BATCH == 0) {
                    channel.waitForConfirmsOrDie(30_000);
                }
            }
            channel.waitForConfirmsOrDie(30_000);
        }
    }

    /** The text of request {@code i}: its own six-digit code in one of {@link #bodies()}. */
    static String body(int i) {
        return BODIES.get(i % BODIES.size()).formatted(i % 1_000_000);
    }

    static List<String> bodies() {
        return BODIES;
    }

    /** A mobile number of its own for request {@code i}: Norway's 4xxxxxxx and Sweden's 70xxxxxxx ranges. */
    static String number(int i) {
        return i % 2 == 0 ? "+474%07d".formatted(i % 10_000_000) : "+4670%07d".formatted(i % 10_000_000);
    }
}
