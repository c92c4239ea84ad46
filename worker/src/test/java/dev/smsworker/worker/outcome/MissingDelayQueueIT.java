package dev.smsworker.worker.outcome;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Headers;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FailedQueue;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OutcomeStore}'s fallback against a real broker: a delay queue that is gone returns the
 * republish as unroutable, and the message is parked in sms.failed, still RETRYABLE, rather than lost
 * or handed back for ever ({@link OutcomePolicy#parked} decides what it says).
 */
class MissingDelayQueueIT {

    @RegisterExtension
    static final WorkerFixture fixture = new WorkerFixture("missing-delay", "sms.retry.delays=1m,2m,3m");

    @Test
    void aRetryWhoseDelayQueueIsGoneIsParkedInFailed() throws Exception {
        deleteQueue("sms.retry.1m");
        FakeTwilio twilio = fixture.twilio();
        BrokerClient client = fixture.client();
        BlockingQueue<String> events = client.watchEvents();
        twilio.answer(call -> FakeTwilio.error(503, 20503, "down"));
        String id = Requests.uniqueId();

        client.publish("send.transactional", Requests.json(id, "transactional", "parked " + id));

        GetResponse parked = new FailedQueue(client).await(id, Duration.ofSeconds(20));
        assertThat(BrokerClient.header(parked, Headers.ERROR_CLASS)).isEqualTo("RETRYABLE");
        assertThat(BrokerClient.header(parked, Headers.ERROR_MESSAGE))
                .startsWith("delay queue sms.retry.1m unroutable, parked here; last: ");
        String failedEvent = null;
        while (failedEvent == null) {
            String event = events.poll(20, TimeUnit.SECONDS);
            assertThat(event).as("a failed event for " + id).isNotNull();
            if (event.contains(id) && event.contains("\"type\":\"failed\"")) {
                failedEvent = event;
            }
        }
        assertThat(failedEvent).contains("\"errorClass\":\"RETRYABLE\"");
    }

    private static void deleteQueue(String queue) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(fixture.broker().host);
        factory.setPort(fixture.broker().amqpPort);
        factory.setVirtualHost(fixture.vhost());
        try (Connection connection = factory.newConnection("missing-delay-it")) {
            Channel channel = connection.createChannel();
            channel.queueDelete(queue);
        }
    }
}
