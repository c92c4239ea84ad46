package dev.smsworker.worker;

import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FakeHttpProvider;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.RunningWorker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11: rate limits were per process, so two workers sent twice the provider's rate. With
 * {@code sms.routing.rate-limits.store=redis} two workers take from one bucket in Redis (the local one;
 * this test's keys have their own prefix and are deleted after), and the provider sees at most the rate
 * plus the bucket's burst.
 */
class SharedRateLimitIT {

    static final int RATE = 5;

    final String prefix = "sms-worker-test:rate:" + UUID.randomUUID() + ":";
    TestBroker broker;
    String vhost;
    FakeHttpProvider gateway;
    List<RunningWorker> workers = new ArrayList<>();
    BrokerClient client;

    @BeforeEach
    void start() {
        broker = TestBroker.get();
        vhost = broker.createVhost("shared-rate");
        gateway = new FakeHttpProvider();
        List<String> properties = new ArrayList<>(List.of(gateway.asGenericHttp()));
        properties.addAll(List.of("sms.providers.order=http", "sms.routing.rate-limits.http=" + RATE,
                "sms.routing.rate-limits.store=redis", "sms.routing.rate-limits.redis.key-prefix=" + prefix,
                "sms.dedup.redis.uri=redis://127.0.0.1:6379", "sms.routing.otp-reserved-share=0.4"));
        for (int i = 0; i < 2; i++) {
            workers.add(RunningWorker.start(broker, vhost, properties.toArray(String[]::new)));
        }
        client = new BrokerClient(broker, vhost);
    }

    @AfterEach
    void stop() {
        client.close();
        workers.forEach(RunningWorker::close);
        gateway.close();
        broker.deleteVhost(vhost);
        RedisClient redis = RedisClient.create("redis://127.0.0.1:6379");
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
    void twoWorkersTogetherSendNoFasterThanTheSharedRatePlusTheBurst() {
        for (int i = 0; i < 200; i++) {
            String kind = i % 4 == 0 ? "otp" : "marketing";
            client.publish("send." + kind, Requests.json("rate-" + i + "-" + vhost, kind, "rate-" + i));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> gateway.callsWith("rate-").size() >= 40);

        List<Instant> calls = gateway.callsWith("rate-").stream().map(FakeHttpProvider.Call::at).sorted().toList();
        double span = Duration.between(calls.getFirst(), calls.getLast()).toMillis() / 1000.0;
        int busiest = 0;
        for (int from = 0, to = 0; from < calls.size(); from++) {
            while (to < calls.size() && Duration.between(calls.get(from), calls.get(to)).toMillis() < 1000) {
                to++;
            }
            busiest = Math.max(busiest, to - from);
        }
        System.out.printf("shared-rate measured: %d provider calls in %.2f s (%.1f/s, limit %d/s, burst %d), "
                + "busiest second %d%n", calls.size(), span, (calls.size() - RATE) / Math.max(span, 0.001), RATE, RATE, busiest);
        // Per-process buckets: each worker sends RATE a second, twice the limit (a busiest second of about 4 x RATE,
        // all the calls in half the time). The slack, one second's calls, is for calls that reach the provider late
        // and bunch up with the next ones: on a busy machine a worker's first calls, which open its connection,
        // arrived together with later ones (40 calls in 5.85 s, 14 in one second, at load average 17).
        int slack = RATE + 1;
        assertThat(calls.size()).as("calls over %.2f s", span).isLessThanOrEqualTo((int) (RATE + RATE * span) + slack);
        // The busiest second is printed, not asserted: it is measured where the calls arrive, and on a loaded machine
        // arrival bunches them (13-14 in one second, with 40 over the run well within the bound above). The permits
        // themselves are checked second by second in RedisPermitBucketsIT, where they are granted.
    }
}
