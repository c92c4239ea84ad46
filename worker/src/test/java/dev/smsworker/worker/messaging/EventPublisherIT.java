package dev.smsworker.worker.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.smsworker.testing.TestBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Status events on long-lived confirm channels (issue 16), against the real broker: every event confirmed and
 * none left tracked, nacks counted, and a connection the broker closes replaced on the next publish.
 */
class EventPublisherIT {

    private static final String EXCHANGE = "events-it";
    private static final String QUEUE = "events-it.all";

    private final TestBroker broker = TestBroker.get();
    private String vhost;
    private CachingConnectionFactory factory;
    private SimpleMeterRegistry registry;
    private EventPublisher publisher;
    private Connection admin;

    @BeforeEach
    void setUp() throws Exception {
        vhost = broker.createVhost("events");
        admin = broker.connectionFactory(vhost).newConnection("events-it-admin");
        try (Channel channel = admin.createChannel()) {
            channel.exchangeDeclare(EXCHANGE, BuiltinExchangeType.TOPIC, false, false, null);
            channel.queueDeclare(QUEUE, false, false, false, null);
            channel.queueBind(QUEUE, EXCHANGE, "sent");
            // Full from the start and refusing: the broker nacks every event routed here.
            channel.queueDeclare(QUEUE + ".full", false, false, false, Map.of("x-max-length", 0, "x-overflow", "reject-publish"));
            channel.queueBind(QUEUE + ".full", EXCHANGE, "refused");
        }
        factory = new CachingConnectionFactory(broker.connectionFactory(vhost));
        // As the worker runs it (spring.rabbitmq.publisher-confirm-type: correlated).
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        registry = new SimpleMeterRegistry();
        publisher = new EventPublisher(factory, registry);
    }

    @AfterEach
    void tearDown() throws Exception {
        publisher.destroy();
        factory.destroy();
        admin.close();
        broker.deleteVhost(vhost);
    }

    @Test
    void everyEventFromManyThreadsIsConfirmedAndNoneStaysTracked() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            IntStream.range(0, 2_000).forEach(i -> threads.execute(() -> publish("sent", i)));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> depth(QUEUE) == 2_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.outstanding() == 0);
        assertThat(unconfirmed("nacked") + unconfirmed("channel-closed")).isZero();
    }

    @Test
    void eventsTheBrokerRefusesAreCountedAsNacked() {
        IntStream.range(0, 20).forEach(i -> publish("refused", i));

        await().atMost(Duration.ofSeconds(10)).until(() -> unconfirmed("nacked") == 20);
        assertThat(publisher.outstanding()).isZero();
    }

    @Test
    void aConnectionTheBrokerClosesIsReplacedOnTheNextPublish() throws Exception {
        publish("sent", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> depth(QUEUE) == 1);

        await().atMost(Duration.ofSeconds(20)).until(() -> broker.closeConnectionsExcept(vhost, Set.of("events-it-admin")) > 0);
        // The client learns of the close asynchronously: a publish in that window fails and is the caller's to log.
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            publish("sent", 2);
            return depth(QUEUE) >= 2;
        });
    }

    private void publish(String routingKey, int i) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json").messageId("m-" + i).build();
        publisher.publish(EXCHANGE, routingKey, properties, ("{\"type\":\"sent\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
    }

    private long depth(String queue) throws Exception {
        try (Channel channel = admin.createChannel()) {
            return channel.messageCount(queue);
        }
    }

    private double unconfirmed(String reason) {
        return registry.get("sms.status.events.unconfirmed").tag("reason", reason).counter().count();
    }
}
