package dev.smsworker.contracts;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SmsPublisher against a real broker, in a vhost of its own where the test declares a minimal {@code sms} exchange. */
class SmsPublisherIT {

    static TestBroker broker;
    static String vhost;
    static Connection connection;
    static Channel admin;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.get();
        vhost = broker.createVhost("publisher");
        connection = broker.connectionFactory(vhost).newConnection("sms-publisher-it");
        admin = connection.createChannel();
        admin.exchangeDeclare(Topology.EXCHANGE, BuiltinExchangeType.TOPIC, true);
        // Only OTP and transactional are bound: marketing is this test's unroutable key.
        admin.queueDeclare("otp", true, false, false, Map.of("x-queue-type", "quorum"));
        admin.queueBind("otp", Topology.EXCHANGE, Kind.OTP.routingKey());
        admin.queueDeclare("full", true, false, false, Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
        admin.queueBind("full", Topology.EXCHANGE, Kind.TRANSACTIONAL.routingKey());
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        broker.deleteVhost(vhost);
    }

    @Test
    void aConfirmedRequestCarriesIdsHeadersAndTheKindsRoutingKey() throws Exception {
        SmsPublisher publisher = new SmsPublisher(connection.createChannel());
        Instant expiresAt = Instant.parse("2030-01-01T00:00:00Z");
        SmsRequest request = new SmsRequest("m-1", "+4791234567", "code 123456", null, Kind.OTP, expiresAt, Map.of("app", "login"));

        SmsPublisher.Result result = publisher.publish(request, "corr-1");

        assertThat(result).isEqualTo(new SmsPublisher.Result.Confirmed("m-1", "corr-1", "send.otp"));
        GetResponse stored = admin.basicGet("otp", true);
        assertThat(stored.getEnvelope().getRoutingKey()).isEqualTo("send.otp");
        assertThat(stored.getProps().getMessageId()).isEqualTo("m-1");
        assertThat(stored.getProps().getCorrelationId()).isEqualTo("corr-1");
        assertThat(stored.getProps().getHeaders().get(Headers.CORRELATION_ID)).hasToString("corr-1");
        assertThat(stored.getProps().getDeliveryMode()).isEqualTo(2);
        assertThat(stored.getProps().getContentType()).isEqualTo("application/json");
        JsonNode body = JsonMapper.builder().build().readTree(stored.getBody());
        assertThat(body.get("expiresAt").asString()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(body.get("kind").asString()).isEqualTo("otp");
        assertThat(body.get("tags").get("app").asString()).isEqualTo("login");
    }

    @Test
    void aRequestWithoutIdsGetsOneWrittenIntoBodyAndProperty() throws Exception {
        SmsPublisher publisher = new SmsPublisher(connection.createChannel());

        SmsPublisher.Result result = publisher.publish(SmsRequest.of("+4791234567", "hello").withKind(Kind.OTP));

        SmsPublisher.Result.Confirmed confirmed = (SmsPublisher.Result.Confirmed) result;
        assertThat(confirmed.messageId()).isNotBlank();
        assertThat(confirmed.correlationId()).isNotBlank();
        GetResponse stored = admin.basicGet("otp", true);
        assertThat(stored.getProps().getMessageId()).isEqualTo(confirmed.messageId());
        assertThat(new String(stored.getBody())).contains("\"messageId\":\"" + confirmed.messageId() + "\"");
    }

    @Test
    void anUnroutableRequestIsReportedNotLost() throws Exception {
        SmsPublisher publisher = new SmsPublisher(connection.createChannel());

        SmsPublisher.Result result = publisher.publish(SmsRequest.of("+4791234567", "promo").withKind(Kind.MARKETING), "corr-2");

        assertThat(result).isInstanceOfSatisfying(SmsPublisher.Result.Unroutable.class, unroutable -> {
            assertThat(unroutable.routingKey()).isEqualTo("send.marketing");
            assertThat(unroutable.replyCode()).isEqualTo(312);
        });
        // The channel stays usable after a return.
        assertThat(publisher.publish(SmsRequest.of("+4791234567", "again").withKind(Kind.OTP)))
                .isInstanceOf(SmsPublisher.Result.Confirmed.class);
        admin.basicGet("otp", true);
    }

    @Test
    void aRequestRefusedByAFullQueueIsNacked() throws Exception {
        SmsPublisher publisher = new SmsPublisher(connection.createChannel());

        SmsPublisher.Result first = publisher.publish(SmsRequest.of("+4791234567", "one"));
        SmsPublisher.Result second = publisher.publish(SmsRequest.of("+4791234567", "two"));

        assertThat(first).isInstanceOf(SmsPublisher.Result.Confirmed.class);
        assertThat(second).isInstanceOf(SmsPublisher.Result.Nacked.class);
        admin.queuePurge("full");
    }

    @Test
    void aMissingExchangeIsAnIOExceptionNamingIt() throws Exception {
        String empty = broker.createVhost("publisher-empty");
        try (Connection other = broker.connectionFactory(empty).newConnection()) {
            SmsPublisher publisher = new SmsPublisher(other.createChannel());

            assertThatThrownBy(() -> publisher.publish(SmsRequest.of("+4791234567", "nowhere")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("no exchange 'sms'");
        } finally {
            broker.deleteVhost(empty);
        }
    }
}
