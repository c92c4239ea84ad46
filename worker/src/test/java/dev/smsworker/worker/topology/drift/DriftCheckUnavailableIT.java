package dev.smsworker.worker.topology.drift;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.support.RunningWorker;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A management API that refuses the worker's user (no monitoring tag: 401) is reported once as
 * "drift check unavailable" (health UNKNOWN), not as an error per check, and the worker keeps serving.
 */
class DriftCheckUnavailableIT {

    @Test
    void aRefusedManagementLoginIsReportedOnceAndTheWorkerStaysReady() throws Exception {
        TestBroker broker = TestBroker.get();
        String vhost = broker.createVhost("drift-unavailable");
        AtomicInteger requests = new AtomicInteger();
        try (MockWebServer management = new MockWebServer()) {
            management.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    requests.incrementAndGet();
                    return new MockResponse.Builder().code(401).body("{\"error\":\"not_authorised\"}").build();
                }
            });
            management.start(0);
            try (RunningWorker worker = RunningWorker.start(broker, vhost, "sms.topology.drift-check.interval=200ms",
                    "sms.topology.management.url=" + management.url("/"))) {
                WorkerHttp http = new WorkerHttp(worker.port());
                await().atMost(Duration.ofSeconds(30)).until(() -> requests.get() >= 1);
                ListAppender<ILoggingEvent> log = new ListAppender<>();
                log.start();
                Logger logger = (Logger) LoggerFactory.getLogger("dev.smsworker.worker.topology.drift");
                logger.addAppender(log);
                int seen = requests.get();

                // Several more checks, each refused again.
                await().atMost(Duration.ofSeconds(30)).until(() -> requests.get() >= seen + 5);
                logger.detachAppender(log);

                assertThat(log.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
                WorkerHttp.Answer topology = http.health("topology");
                assertThat(topology.body().path("status").asString()).isEqualTo("UNKNOWN");
                assertThat(topology.body().path("details").path("driftCheck").asString()).isEqualTo("drift check unavailable");
                assertThat(topology.body().path("details").path("reason").asString()).contains("refused the login (401)");
                assertThat(topology.body().toString()).doesNotContain("guest:guest");
                assertThat(http.driftSeries()).isEmpty();
                assertThat(http.health("readiness").status()).isEqualTo(200);
            }
        } finally {
            broker.deleteVhost(vhost);
        }
    }
}
