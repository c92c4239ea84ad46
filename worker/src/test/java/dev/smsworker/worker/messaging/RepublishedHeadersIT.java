package dev.smsworker.worker.messaging;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Topology;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the worker republishes carries its own headers and the publisher's, and none of Spring AMQP's
 * internal ones. Guards issue 15: {@code spring_listener_return_correlation} and
 * {@code spring_returned_message_correlation} were on every message in the delay and failed queues.
 */
class RepublishedHeadersIT {

    // Delays long enough that the delayed message can be read from its delay queue before it returns.
    @RegisterExtension
    static final WorkerFixture fixture = new WorkerFixture("headers", "sms.retry.delays=1m,2m,3m");

    @Test
    void aDelayedMessageCarriesNoSpringHeaders() {
        FakeTwilio twilio = fixture.twilio();
        BrokerClient client = fixture.client();
        twilio.answer(call -> FakeTwilio.error(503, 20503, "down"));
        String id = Requests.uniqueId();

        client.publish("send.transactional", Requests.json(id, "transactional", "delayed " + id), Map.of("tenant", "acme"));

        await().atMost(Duration.ofSeconds(20)).until(() -> client.depth("sms.retry.1m") == 1);
        GetResponse delayed = client.take("sms.retry.1m");
        assertThat(delayed.getProps().getMessageId()).isEqualTo(id);
        assertThat(delayed.getProps().getHeaders())
                .containsKeys(Headers.ATTEMPT, Headers.ERROR_CLASS, "tenant")
                .allSatisfy((name, value) -> assertThat(name).doesNotStartWith("spring_"));
    }

    @Test
    void aFailedMessageCarriesNoSpringHeaders() {
        BrokerClient client = fixture.client();
        String id = Requests.uniqueId();

        client.publish("send.transactional", Requests.json(id, "transactional", "failed " + id, "+47123"));

        await().atMost(Duration.ofSeconds(20)).until(() -> client.depth(Topology.FAILED_QUEUE) >= 1);
        GetResponse failed = client.take(Topology.FAILED_QUEUE);
        assertThat(failed.getProps().getMessageId()).isEqualTo(id);
        assertThat(String.valueOf(failed.getProps().getHeaders().get(Headers.ERROR_CLASS))).isEqualTo("MESSAGE_FATAL");
        assertThat(failed.getProps().getHeaders())
                .allSatisfy((name, value) -> assertThat(name).doesNotStartWith("spring_"));
    }

    @Test
    void anUnroutableRepublishIsStillReportedWithoutTheHeaders() throws Exception {
        String nowhere = "headers-it.nowhere";
        String check = "headers-it.check";
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(fixture.broker().host);
        factory.setPort(fixture.broker().amqpPort);
        factory.setVirtualHost(fixture.vhost());
        try (Connection connection = factory.newConnection("headers-it")) {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(nowhere, BuiltinExchangeType.DIRECT, false, false, null);
            channel.queueDeclare(check, false, false, false, null);
        }
        ConfirmedPublisher publisher = fixture.worker().bean(ConfirmedPublisher.class);
        Message message = new Message("{}".getBytes(), new MessageProperties());

        assertThatThrownBy(() -> publisher.publish(nowhere, "no-queue", message))
                .isInstanceOf(PublishFailedException.class)
                .extracting(e -> ((PublishFailedException) e).reason())
                .isEqualTo(PublishFailedException.Reason.UNROUTABLE);
        // Routable again: the same channels still confirm, with no return left over from the first.
        publisher.publish("", check, message);
        assertThat(fixture.client().take(check).getProps().getHeaders()).isNullOrEmpty();
    }
}
