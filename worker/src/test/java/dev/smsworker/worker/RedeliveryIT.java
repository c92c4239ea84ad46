package dev.smsworker.worker;

import dev.smsworker.contracts.Topology;
import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.RunningWorker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delivery whose SMS was sent but whose ack never reached the broker comes back, and must not be
 * sent again. The ack is lost for real: while Twilio (faked) holds its answer, the test closes the
 * worker's consumer connection from the broker side (management API), so the broker requeues the
 * unacked delivery and redelivers it once the worker has reconnected (or to another worker).
 */
class RedeliveryIT {

    static final String CONSUMER_CONNECTION = "sms-worker-consumers";
    static final String REDIS = "redis://127.0.0.1:6379";

    TestBroker broker;
    String vhost;
    FakeTwilio twilio;
    BrokerClient client;
    BlockingQueue<String> events;
    final String redisPrefix = "sms-worker-test:" + UUID.randomUUID() + ":";

    @BeforeEach
    void start() {
        broker = TestBroker.get();
        vhost = broker.createVhost("redelivery");
        twilio = new FakeTwilio();
        client = new BrokerClient(broker, vhost);
    }

    @AfterEach
    void stop() {
        client.close();
        twilio.close();
        broker.deleteVhost(vhost);
        deleteRedisKeys();
    }

    @Test
    void aDeliveryRedeliveredAfterItsSmsWasSentIsAckedWithoutSendingAgain() throws Exception {
        String id = Requests.uniqueId();
        String body = "lost ack " + id;
        loseTheAckOf(body);
        try (RunningWorker worker = RunningWorker.start(broker, vhost, with(twilio.workerProperties(),
                "sms.broker.recovery-interval=1s"))) {
            events = client.watchEvents(); // the worker has declared the topology now
            awaitConsumerConnectionListed();
            client.publish("send.transactional", Requests.json(id, "transactional", body));

            List<String> sent = sentEvents(id, 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.depth(Topology.SEND_QUEUE) == 0);

            assertThat(twilio.callsWithBody(body)).hasSize(1);
            // Both events name the one SMS: the second comes from the record, not from a second send.
            assertThat(sent.get(1)).contains(providerMessageId(sent.get(0)));
            assertThat(worker.bean(MeterRegistry.class).get("sms.dedup.duplicates").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void withoutTheRecordTheSameLostAckSendsTheSmsTwice() throws Exception {
        // The control for the test above: it shows the lost ack really causes a redelivery and a second send.
        String id = Requests.uniqueId();
        String body = "lost ack, no record " + id;
        loseTheAckOf(body);
        try (RunningWorker ignored = RunningWorker.start(broker, vhost, with(twilio.workerProperties(),
                "sms.broker.recovery-interval=1s", "sms.dedup.store=none"))) {
            events = client.watchEvents();
            awaitConsumerConnectionListed();
            client.publish("send.transactional", Requests.json(id, "transactional", body));

            sentEvents(id, 2);

            assertThat(twilio.callsWithBody(body)).hasSize(2);
        }
    }

    @Test
    void aDeliveryRedeliveredToAnotherWorkerAfterTheFirstStoppedIsNotSentAgainWithTheRedisRecord() throws Exception {
        String id = Requests.uniqueId();
        String body = "crash " + id;
        loseTheAckOf(body);
        String[] redis = {"sms.dedup.store=redis", "sms.dedup.redis.uri=" + REDIS, "sms.dedup.redis.key-prefix=" + redisPrefix};
        // The first worker won't reconnect before it is stopped, as if it had crashed after the send.
        RunningWorker first = RunningWorker.start(broker, vhost, with(with(twilio.workerProperties(), redis),
                "sms.broker.recovery-interval=60s"));
        events = client.watchEvents();
        awaitConsumerConnectionListed();
        client.publish("send.transactional", Requests.json(id, "transactional", body));
        String firstSent = sentEvents(id, 1).getFirst();
        first.close();

        try (RunningWorker second = RunningWorker.start(broker, vhost, with(twilio.workerProperties(), redis))) {
            String secondSent = sentEvents(id, 1).getFirst();

            assertThat(twilio.callsWithBody(body)).hasSize(1);
            assertThat(secondSent).contains(providerMessageId(firstSent));
            assertThat(second.bean(MeterRegistry.class).get("sms.dedup.duplicates").counter().count()).isEqualTo(1.0);
        }
    }

    /** Twilio accepts the SMS, but before it answers the worker's consumer connection is cut. */
    private void loseTheAckOf(String body) {
        twilio.answer(call -> {
            if (!body.equals(call.body()) || twilio.callsWithBody(body).size() > 1) {
                return FakeTwilio.created();
            }
            assertThat(broker.closeConnections(vhost, CONSUMER_CONNECTION)).isPositive();
            // Answer after the close has taken effect, so the ack goes to a dead channel.
            return new MockResponse.Builder(FakeTwilio.created()).headersDelay(500, TimeUnit.MILLISECONDS).build();
        });
    }

    /** The management API lists a connection only after its next statistics round; the cut needs it listed. */
    private void awaitConsumerConnectionListed() {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> !broker.connections(vhost, CONSUMER_CONNECTION).isEmpty());
    }

    private List<String> sentEvents(String messageId, int count) throws InterruptedException {
        List<String> sent = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (sent.size() < count && System.nanoTime() < deadline) {
            String event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.contains(messageId) && event.contains("\"type\":\"sent\"")) {
                sent.add(event);
            }
        }
        assertThat(sent).as("sent events for " + messageId).hasSize(count);
        return sent;
    }

    private static String providerMessageId(String event) {
        int start = event.indexOf("\"providerMessageId\":\"") + "\"providerMessageId\":\"".length();
        return event.substring(start, event.indexOf('"', start));
    }

    private static String[] with(String[] properties, String... more) {
        String[] all = java.util.Arrays.copyOf(properties, properties.length + more.length);
        System.arraycopy(more, 0, all, properties.length, more.length);
        return all;
    }

    private void deleteRedisKeys() {
        RedisClient redis = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            var keys = connection.sync().keys(redisPrefix + "*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            redis.shutdown();
        }
    }
}
