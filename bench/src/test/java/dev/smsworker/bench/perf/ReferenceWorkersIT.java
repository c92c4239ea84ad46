package dev.smsworker.bench.perf;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.bench.broker.Amqp;
import dev.smsworker.bench.perf.lean.LeanWorker;
import dev.smsworker.bench.perf.spring.SpringWorker;
import dev.smsworker.bench.provider.Answer;
import dev.smsworker.bench.provider.FakeTwilio;
import dev.smsworker.bench.provider.Script;
import dev.smsworker.contracts.Topology;
import dev.smsworker.testing.TestBroker;
import dev.smsworker.testing.WorkerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The benchmark's reference workers do the I/O they stand for, started from the bench jar with the worker's JVM
 * flags as {@code bench/run-perf} starts them: each drains a preloaded queue with one provider call and one
 * {@code sent} status event per message, and acks every delivery. What keeps the comparison fair; never a timing.
 *
 * <p>It runs beside the chaos and cluster runs, as {@link MemoryShortIT} does: each reference is a process of its own
 * on the shared broker, in a vhost of its own, with a provider on a free port, and it mostly waits for that process
 * (75 s of bench's critical path when it ran after them).
 */
@Execution(ExecutionMode.CONCURRENT)
class ReferenceWorkersIT {

    private static final int MESSAGES = 1_000;
    private static final int PREFETCH = 100;
    private static final String EVENTS_QUEUE = "test.events.sent";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TestBroker BROKER = TestBroker.get();

    private String vhost;
    private ConnectionFactory factory;
    private FakeTwilio provider;

    @BeforeEach
    void declareWhatTheReferencesUse() throws Exception {
        vhost = BROKER.createVhost("references");
        factory = BROKER.connectionFactory(vhost);
        provider = new FakeTwilio(Script.always(Answer.created(0)));
        try (Connection connection = Amqp.connect(factory, "test-declare"); Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(Topology.EXCHANGE, "topic", true);
            channel.queueDeclare(Topology.SEND_QUEUE, true, false, false, Map.of("x-queue-type", "quorum"));
            channel.queueBind(Topology.SEND_QUEUE, Topology.EXCHANGE, "send.transactional");
            channel.exchangeDeclare(Topology.EVENTS_EXCHANGE, "topic", true);
            channel.queueDeclare(EVENTS_QUEUE, true, false, false, Map.of());
            channel.queueBind(EVENTS_QUEUE, Topology.EVENTS_EXCHANGE, "sent");
        }
    }

    @AfterEach
    void cleanUp() {
        provider.close();
        BROKER.deleteVhost(vhost);
    }

    @Test
    void leanReferenceSendsEveryMessageOnceWithASentEventAndAcksIt() throws Exception {
        drain(LeanWorker.class, LeanWorker.arguments(BROKER.host, BROKER.amqpPort, vhost, provider.baseUrl(), PREFETCH));
    }

    @Test
    void springReferenceSendsEveryMessageOnceWithASentEventAndAcksIt() throws Exception {
        drain(SpringWorker.class, SpringWorker.arguments(BROKER.host, BROKER.amqpPort, vhost, provider.baseUrl(), PREFETCH, 20));
    }

    private void drain(Class<?> main, List<String> args) throws Exception {
        Preloader.publish(factory, Topology.EXCHANGE, "send.transactional", "ref", MESSAGES);
        List<String> shipped = List.of(Files.readString(Path.of("../worker/jvm.options")).strip().split("\\s+"));
        Path log = Path.of("target/runs/reference-it/" + main.getSimpleName() + ".log");
        try (WorkerProcess reference = ReferenceProcess.start(Path.of("target/sms-bench.jar"), main, shipped, args, log)) {
            reference.awaitReady(Duration.ofMinutes(3));
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Amqp.depth(factory, EVENTS_QUEUE) >= MESSAGES);
            // Acks follow the events' confirms; the management API counts unacked deliveries (its figures lag by
            // up to 5 s), and stopping the reference before they are all acked would hand them back.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> BROKER.queue(vhost, Topology.SEND_QUEUE).path("messages_unacknowledged").asLong(-1) == 0);
        }

        assertThat(Amqp.depth(factory, Topology.SEND_QUEUE)).as("requests left or handed back after the stop").isZero();
        assertThat(provider.log().ids()).as("messages the provider saw").hasSize(MESSAGES);
        assertThat(provider.log().ids()).allSatisfy(id -> assertThat(provider.log().calls(id)).as("calls for " + id).hasSize(1));
        List<GetResponse> events = Amqp.drain(factory, EVENTS_QUEUE);
        assertThat(events).hasSize(MESSAGES);
        assertThat(events).map(event -> JSON.readTree(event.getBody())).allSatisfy(event -> {
            assertThat(event.path("type").asString()).isEqualTo("sent");
            assertThat(event.path("providerMessageId").asString()).isNotBlank();
        }).map(event -> event.path("messageId").asString()).containsExactlyInAnyOrderElementsOf(provider.log().ids());
    }
}
