package dev.smsworker.worker;

import dev.smsworker.contracts.Topology;
import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Readiness;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.RunningWorker;
import dev.smsworker.worker.support.TcpProxy;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11: with a Redis sent-id record that does not answer (wrong password, Redis down) the worker
 * started, reported ready and sent without any duplicate check. With {@code sms.dedup.required} (the
 * default for Redis) it is not ready, its lanes pause and nothing is sent until Redis answers. Against
 * the local Redis (127.0.0.1:6379), under a key prefix of this test's own.
 */
class RequiredDedupIT {

    static final String REDIS_HOST = "127.0.0.1";
    static final int REDIS_PORT = 6379;

    final String prefix = "sms-worker-test:" + UUID.randomUUID() + ":";
    TestBroker broker;
    String vhost;
    FakeTwilio twilio;
    BrokerClient client;

    @BeforeEach
    void start() {
        broker = TestBroker.get();
        vhost = broker.createVhost("dedupreq");
        twilio = new FakeTwilio();
        client = new BrokerClient(broker, vhost);
    }

    @AfterEach
    void stop() {
        client.close();
        twilio.close();
        broker.deleteVhost(vhost);
        RedisClient redis = RedisClient.create("redis://" + REDIS_HOST + ":" + REDIS_PORT);
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            var keys = connection.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void withAWrongRedisPasswordTheWorkerIsNotReadyAndSendsNothing() {
        // The shared Redis lets its default user in with any password; a user it does not know is refused
        // (WRONGPASS), as a wrong password is on a Redis that has one.
        try (RunningWorker worker = start("redis://sms-test-nobody:not-the-password@" + REDIS_HOST + ":" + REDIS_PORT)) {
            String body = "code " + Requests.uniqueId();
            client.publish("send.otp", Requests.json(Requests.uniqueId(), "otp", body));

            var readiness = Readiness.get(worker);
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"dedup\"").contains("\"reachable\":false").contains("WRONGPASS")
                    .doesNotContain("not-the-password");
            // Nothing may be sent for as long as we look, and the message waits in its queue.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> twilio.calls().isEmpty());
            assertThat(client.depth(Topology.OTP_QUEUE)).isEqualTo(1);
        }
        assertThat(twilio.calls()).isEmpty();
    }

    @Test
    void lanesPauseWhileRedisIsAwayAndResumeWhenItIsBack() {
        TcpProxy redis = new TcpProxy(REDIS_HOST, REDIS_PORT);
        int redisPort = redis.port();
        try (RunningWorker worker = start("redis://127.0.0.1:" + redisPort)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Readiness.ready(worker));
            String before = "code " + Requests.uniqueId();
            client.publish("send.otp", Requests.json(Requests.uniqueId(), "otp", before));
            await().atMost(Duration.ofSeconds(30)).until(() -> twilio.callsWithBody(before).size() == 1);

            redis.kill();
            await().atMost(Duration.ofSeconds(15)).until(() -> !Readiness.ready(worker));
            String during = "code " + Requests.uniqueId();
            client.publish("send.otp", Requests.json(Requests.uniqueId(), "otp", during));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> twilio.callsWithBody(during).isEmpty());

            redis = new TcpProxy(redisPort, REDIS_HOST, REDIS_PORT);
            await().atMost(Duration.ofSeconds(30)).until(() -> Readiness.ready(worker));
            await().atMost(Duration.ofSeconds(30)).until(() -> twilio.callsWithBody(during).size() == 1);
        } finally {
            redis.close();
        }
    }

    private RunningWorker start(String redisUri) {
        return RunningWorker.start(broker, vhost, Stream.concat(Arrays.stream(twilio.workerProperties()), Stream.of(
                "sms.dedup.store=redis",
                "sms.dedup.redis.uri=" + redisUri,
                "sms.dedup.redis.key-prefix=" + prefix)).toArray(String[]::new));
    }
}
