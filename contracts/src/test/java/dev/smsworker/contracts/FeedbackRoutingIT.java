package dev.smsworker.contracts;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.topology.ExpectedBinding;
import dev.smsworker.contracts.topology.ExpectedExchange;
import dev.smsworker.contracts.topology.ExpectedQueue;
import dev.smsworker.contracts.topology.ExpectedTopology;
import dev.smsworker.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conversion feedback against the real broker's topic routing, in a vhost holding the worker's whole topology
 * ({@link ExpectedTopology}): {@code feedback.verified} lands in {@code sms.feedback} and nowhere else, never in a send
 * lane (which would send an SMS or fail it as malformed) nor through the alternate exchange.
 */
class FeedbackRoutingIT {

    static TestBroker broker;
    static String vhost;
    static Connection connection;
    static Channel admin;
    static ExpectedTopology topology = ExpectedTopology.of(List.of(Duration.ofSeconds(1)), true);

    @BeforeAll
    static void declareTheWorkersTopology() throws Exception {
        broker = TestBroker.get();
        vhost = broker.createVhost("feedback-routing");
        connection = broker.connectionFactory(vhost).newConnection("feedback-routing-it");
        admin = connection.createChannel();
        for (ExpectedExchange exchange : topology.exchanges()) {
            Map<String, Object> arguments = new HashMap<>();
            if (exchange.alternateExchange() != null) {
                arguments.put("alternate-exchange", exchange.alternateExchange());
            }
            admin.exchangeDeclare(exchange.name(), exchange.type(), true, false, arguments);
        }
        for (ExpectedQueue queue : topology.queues()) {
            admin.queueDeclare(queue.name(), true, false, false, queue.arguments());
        }
        for (ExpectedBinding binding : topology.bindings()) {
            admin.queueBind(binding.queue(), binding.source(), binding.routingKey());
        }
    }

    @AfterAll
    static void deleteTheVhost() throws Exception {
        connection.close();
        broker.deleteVhost(vhost);
    }

    @Test
    void verifiedFeedbackLandsInTheFeedbackQueueAndInNoLane() throws Exception {
        SmsPublisher publisher = new SmsPublisher(connection.createChannel());

        SmsPublisher.Result result = publisher.publishVerified(
                new ConversionFeedback("m-verified", Instant.parse("2030-01-01T12:00:00Z")), "corr-login");

        assertThat(result).isEqualTo(new SmsPublisher.Result.Confirmed("m-verified", "corr-login", Topology.FEEDBACK_ROUTING_KEY));
        for (ExpectedQueue queue : topology.queues()) {
            assertThat(admin.messageCount(queue.name())).as(queue.name())
                    .isEqualTo(queue.name().equals(Topology.FEEDBACK_QUEUE) ? 1 : 0);
        }
        GetResponse stored = admin.basicGet(Topology.FEEDBACK_QUEUE, true);
        assertThat(stored.getProps().getDeliveryMode()).isEqualTo(2);
        assertThat(stored.getProps().getHeaders().get(Headers.CORRELATION_ID)).hasToString("corr-login");
        ConversionFeedback body = JsonMapper.builder().build().readValue(stored.getBody(), ConversionFeedback.class);
        assertThat(body).isEqualTo(new ConversionFeedback("m-verified", Instant.parse("2030-01-01T12:00:00Z")));
    }

    /** And the other way round: no request of any kind reaches the feedback queue. */
    @Test
    void requestsOfEveryKindNeverReachTheFeedbackQueue() throws Exception {
        SmsPublisher publisher = new SmsPublisher(connection.createChannel());

        for (Kind kind : Kind.values()) {
            assertThat(publisher.publish(SmsRequest.of("+4791234567", "hello").withKind(kind)))
                    .isInstanceOf(SmsPublisher.Result.Confirmed.class);
        }

        assertThat(admin.messageCount(Topology.FEEDBACK_QUEUE)).isZero();
        assertThat(admin.messageCount(Topology.UNROUTED_QUEUE)).isZero();
        admin.queuePurge(Topology.OTP_QUEUE);
        admin.queuePurge(Topology.SEND_QUEUE);
    }
}
