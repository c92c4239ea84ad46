package dev.smsworker.worker;

import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Topology;
import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FailedQueue;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.RunningWorker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One message id, one SMS (issue 9): a publisher that retries publishes the same message again while the
 * provider is still answering the first; both deliveries used to pass the sent-id check and both were sent.
 * Another request under a known id used to be acked as "already sent" and never sent.
 */
class DuplicateMessageIT {

    static final String REDIS = "redis://127.0.0.1:6379";
    /** The provider's answer time, three times the gap between the two publishes of the issue. */
    static final int PROVIDER_MILLIS = 1_500;

    TestBroker broker;
    String vhost;
    FakeTwilio twilio;
    BrokerClient client;
    BlockingQueue<String> events;
    final String redisPrefix = "sms-worker-test:" + UUID.randomUUID() + ":";
    final List<RunningWorker> workers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        broker = TestBroker.get();
        vhost = broker.createVhost("duplicates");
        twilio = new FakeTwilio();
        twilio.answer(call -> new MockResponse.Builder(FakeTwilio.created())
                .headersDelay(PROVIDER_MILLIS, TimeUnit.MILLISECONDS).build());
        client = new BrokerClient(broker, vhost);
    }

    @AfterEach
    void stop() {
        client.close();
        workers.forEach(RunningWorker::close);
        twilio.close();
        broker.deleteVhost(vhost);
        deleteRedisKeys();
    }

    @Test
    void oneMessagePublishedAgainWhileItsSendIsInProgressIsSentOnce() throws Exception {
        startWorker();
        String id = Requests.uniqueId();
        String body = "twice at once " + id;

        publishTwiceDuringTheFirstCall(id, body);

        List<String> sent = sentEvents(id, 2);
        assertThat(twilio.callsWithBody(body)).hasSize(1);
        // The second event is the first send's, read from its record: the same provider message id.
        assertThat(sent.get(1)).contains(providerMessageId(sent.get(0)));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.depth(Topology.SEND_QUEUE) == 0);
    }

    @Test
    void oneMessageReachingTwoWorkersAtOnceIsSentOnceWithTheRedisStore() throws Exception {
        // A generous Redis timeout: on a busy machine a store that can't answer in time means "send unprotected".
        // With a prefetch of one, the worker that sends the first copy can't take the second: the other one gets it.
        String[] redis = {"sms.dedup.store=redis", "sms.dedup.redis.uri=" + REDIS, "sms.dedup.redis.key-prefix=" + redisPrefix,
                "sms.dedup.redis.timeout=5s", "sms.consumer.prefetch=1"};
        startWorker(redis);
        startWorker(redis);
        String id = Requests.uniqueId();
        String body = "two workers " + id;

        publishTwiceDuringTheFirstCall(id, body);

        sentEvents(id, 2);
        assertThat(twilio.callsWithBody(body)).hasSize(1);
    }

    @Test
    void aKnownIdWithAnotherRecipientAndTextIsRefusedWithAReason() throws Exception {
        startWorker();
        FailedQueue failed = new FailedQueue(client);
        String id = Requests.uniqueId();
        String first = "first " + id;
        String other = "someone else's " + id;
        client.publish("send.transactional", Requests.json(id, "transactional", first));
        sentEvents(id, 1);

        client.publish("send.transactional", Requests.json(id, "transactional", other, "+4798765432"));

        GetResponse refused = failed.await(id, Duration.ofSeconds(20));
        assertThat(BrokerClient.header(refused, Headers.ERROR_CLASS)).isEqualTo("MALFORMED");
        assertThat(BrokerClient.header(refused, Headers.ERROR_CODE)).isEqualTo("message-id-reused");
        assertThat(BrokerClient.header(refused, Headers.ERROR_MESSAGE)).contains("another recipient or text");
        assertThat(event(id, "\"type\":\"failed\"")).contains("message-id-reused");
        assertThat(twilio.callsWithBody(other)).isEmpty();
        assertThat(twilio.callsWithBody(first)).hasSize(1);
    }

    @Test
    void aSendInProgressUnderAnIdRefusesAnotherMessageUnderIt() throws Exception {
        startWorker();
        FailedQueue failed = new FailedQueue(client);
        String id = Requests.uniqueId();
        String first = "in progress " + id;
        String other = "cuckoo " + id;
        client.publish("send.transactional", Requests.json(id, "transactional", first));
        await().atMost(Duration.ofSeconds(15)).until(() -> twilio.callsWithBody(first).size() == 1);

        client.publish("send.transactional", Requests.json(id, "transactional", other));

        assertThat(BrokerClient.header(failed.await(id, Duration.ofSeconds(20)), Headers.ERROR_CODE)).isEqualTo("message-id-reused");
        sentEvents(id, 1);
        assertThat(twilio.callsWithBody(other)).isEmpty();
    }

    /** The second copy is published once the provider has the first request, i.e. while that send is in progress. */
    private void publishTwiceDuringTheFirstCall(String id, String body) {
        client.publish("send.transactional", Requests.json(id, "transactional", body));
        await().atMost(Duration.ofSeconds(15)).until(() -> twilio.callsWithBody(body).size() == 1);
        client.publish("send.transactional", Requests.json(id, "transactional", body));
    }

    private void startWorker(String... properties) {
        String[] all = with(twilio.workerProperties(), properties);
        workers.add(RunningWorker.start(broker, vhost, all));
        if (events == null) {
            events = client.watchEvents(); // the worker has declared the topology now
        }
    }

    private List<String> sentEvents(String messageId, int count) throws InterruptedException {
        List<String> sent = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sent.size() < count && System.nanoTime() < deadline) {
            String event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.contains(messageId) && event.contains("\"type\":\"sent\"")) {
                sent.add(event);
            }
        }
        assertThat(sent).as("sent events for " + messageId).hasSize(count);
        return sent;
    }

    private String event(String messageId, String containing) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            String event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.contains(messageId) && event.contains(containing)) {
                return event;
            }
        }
        throw new AssertionError("no event " + containing + " for " + messageId);
    }

    private static String providerMessageId(String event) {
        int start = event.indexOf("\"providerMessageId\":\"") + "\"providerMessageId\":\"".length();
        return event.substring(start, event.indexOf('"', start));
    }

    private static String[] with(String[] properties, String... more) {
        String[] all = Arrays.copyOf(properties, properties.length + more.length);
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
