package dev.smsworker.worker.topology.drift;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.smsworker.worker.support.WorkerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10's two scenarios against the real broker: a policy applied in the test's vhost overrides what
 * the worker declared, and the worker notices within a check or two: a WARN line, the gauge, the
 * {@code topology} health component, while readiness stays up.
 */
class TopologyDriftIT {

    @RegisterExtension
    static final WorkerFixture fixture = new WorkerFixture("drift", "sms.topology.drift-check.interval=1s");

    // The management API shows a new policy on a queue after its next statistics round (5 s by default).
    private static final Duration NOTICED = Duration.ofSeconds(60);

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private WorkerHttp http;

    @BeforeEach
    void watchTheLog() {
        http = new WorkerHttp(fixture.worker().port());
        log.start();
        logger().addAppender(log);
        await().atMost(NOTICED).until(() -> http.health("topology").body().path("status").asString().equals("UP"));
    }

    @AfterEach
    void removePolicies() {
        logger().detachAppender(log);
        fixture.broker().delete("/api/operator-policies/" + fixture.vhost() + "/cap");
        fixture.broker().delete("/api/policies/" + fixture.vhost() + "/fast-retries");
    }

    @Test
    void anOperatorPolicyCappingTheFailedQueueIsReportedAndTakesTheComponentOutOfService() {
        long applied = System.nanoTime();
        fixture.broker().put("/api/operator-policies/" + fixture.vhost() + "/cap",
                "{\"pattern\":\"^sms\\\\.failed$\",\"definition\":{\"max-length\":2},\"apply-to\":\"queues\"}");

        await().atMost(NOTICED).untilAsserted(() ->
                assertThat(http.driftSeries()).anyMatch(s -> s.contains("queue=\"sms.failed\"") && s.contains("setting=\"max-length\"")
                        && s.endsWith(" 1.0")));
        System.out.printf("drift figure: operator policy on sms.failed seen in the gauge after %d ms%n", (System.nanoTime() - applied) / 1_000_000);
        WorkerHttp.Answer topology = http.health("topology");
        assertThat(topology.status()).isEqualTo(503);
        assertThat(topology.body().path("status").asString()).isEqualTo("OUT_OF_SERVICE");
        assertThat(topology.body().path("details").path("drifts")).anySatisfy(drift -> {
            assertThat(drift.path("queue").asString()).isEqualTo("sms.failed");
            assertThat(drift.path("setting").asString()).isEqualTo("max-length");
            assertThat(drift.path("expected").asString()).isEqualTo("none");
            assertThat(drift.path("actual").asString()).isEqualTo("2");
            assertThat(drift.path("source").asString()).isEqualTo("operator policy cap");
        });
        assertThat(warnings()).containsOnlyOnce("topology drift: queue sms.failed setting max-length expected none actual 2 "
                + "(from operator policy cap); this can lose or delay messages");
        // The worker keeps serving: readiness and liveness do not include the topology component.
        assertThat(http.health("readiness").status()).isEqualTo(200);
        assertThat(http.health("liveness").status()).isEqualTo(200);
    }

    @Test
    void aPolicyShorteningTheRetryDelaysIsReportedAndClearsWhenRemoved() {
        long applied = System.nanoTime();
        fixture.broker().put("/api/policies/" + fixture.vhost() + "/fast-retries",
                "{\"pattern\":\"^sms\\\\.retry\\\\.\",\"definition\":{\"message-ttl\":500},\"apply-to\":\"queues\"}");

        await().atMost(NOTICED).untilAsserted(() -> assertThat(http.driftSeries())
                .filteredOn(s -> s.contains("setting=\"message-ttl\""))
                .hasSize(3)
                .anyMatch(s -> s.contains("queue=\"sms.retry.1s\""))
                .anyMatch(s -> s.contains("queue=\"sms.retry.3s\"")));
        System.out.printf("drift figure: policy on sms.retry.* seen on all three delay queues after %d ms%n",
                (System.nanoTime() - applied) / 1_000_000);
        JsonNode topology = http.health("topology").body();
        assertThat(topology.path("status").asString()).isEqualTo("OUT_OF_SERVICE");
        assertThat(warnings()).contains("topology drift: queue sms.retry.2s setting message-ttl expected 2000 actual 500 "
                + "(from policy fast-retries); this can lose or delay messages");

        long removed = System.nanoTime();
        fixture.broker().delete("/api/policies/" + fixture.vhost() + "/fast-retries");

        await().atMost(NOTICED).untilAsserted(() -> assertThat(http.driftSeries()).isEmpty());
        System.out.printf("drift figure: gauge cleared %d ms after the policy was removed%n", (System.nanoTime() - removed) / 1_000_000);
        assertThat(http.health("topology").body().path("status").asString()).isEqualTo("UP");
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static Logger logger() {
        return (Logger) LoggerFactory.getLogger("dev.smsworker.worker.topology.drift");
    }
}
