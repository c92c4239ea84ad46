package dev.smsworker.ops;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.smsworker.contracts.Topology;
import dev.smsworker.ops.support.Cli;
import dev.smsworker.ops.support.TestWorker;
import dev.smsworker.testing.TestBroker;
import dev.smsworker.testing.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * sms-ops with the real worker jar running as a process: requests sent with {@code send} fail in a worker
 * whose simulator fails everything, then {@code replay} hands them to a healthy worker, which sends them.
 */
class WithWorkerIT {

    static final TestBroker broker = TestBroker.get();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> IDS = List.of("ww-1", "ww-2", "ww-3");
    static String vhost;
    static Cli cli;
    static WorkerProcess worker;
    static Connection connection;
    static BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    static Cli.Run summaryOfFailures;
    static String failingWorkerLog;

    @BeforeAll
    static void failThreeRequestsThenStartAHealthyWorker() throws Exception {
        vhost = broker.createVhost("with-worker");
        cli = new Cli(broker, vhost);
        try (WorkerProcess failing = TestWorker.start(broker, vhost, "sms.providers.simulator.message-fatal-rate=1.0")) {
            connection = broker.connectionFactory(vhost).newConnection("with-worker-it");
            watchEvents();
            for (String id : IDS) {
                Cli.Run sent = cli.run("send", "--to", "+4791234567", "--body", "hello " + id, "--message-id", id,
                        "--correlation-id", "corr-" + id);
                assertThat(sent.exitCode()).as(sent.err()).isEqualTo(ExitCodes.OK);
            }
            Channel channel = connection.createChannel();
            await().atMost(Duration.ofSeconds(30)).until(() -> channel.messageCount(Topology.FAILED_QUEUE) == IDS.size());
            summaryOfFailures = cli.run("failed", "summary", "--json");
            await().atMost(Duration.ofSeconds(30)).until(() -> traceIdOf(failing.log(), "ww-1", "sms failed") != null);
            failingWorkerLog = failing.log();
        }
        worker = TestWorker.start(broker, vhost);
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (connection != null) {
            connection.close();
        }
        broker.deleteVhost(vhost);
    }

    @Test
    void theSummaryGroupsWhatTheWorkerFailed() {
        assertThat(summaryOfFailures.exitCode()).isEqualTo(ExitCodes.OK);
        JsonNode group = JSON.readTree(summaryOfFailures.out()).get("groups").get(0);
        assertThat(group.get("errorClass").asString()).isEqualTo("MESSAGE_FATAL");
        assertThat(group.get("errorCode").asString()).isEqualTo("invalid-number");
        assertThat(group.get("provider").asString()).isEqualTo("simulator");
        assertThat(group.get("kind").asString()).isEqualTo("transactional");
        assertThat(group.get("count").asInt()).isEqualTo(3);
    }

    @Test
    void replayedMessagesAreSentByTheWorkerAndKeepTheirCorrelationIds() throws Exception {
        Cli.Run run = cli.run("replay", "--error-code", "invalid-number");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("replayed 3 of 3");
        for (String id : IDS) {
            JsonNode sent = awaitEvent(id, "sent");
            assertThat(sent.get("correlationId").asString()).isEqualTo("corr-" + id);
            assertThat(sent.get("attempt").asInt()).as("attempts start again").isEqualTo(1);
            assertThat(sent.get("provider").asString()).isEqualTo("simulator");
        }
        assertThat(worker.log()).contains("\"correlationId\":\"corr-ww-1\"");
        // The failed copy carried the failing attempt's trace context; the replay continues that trace (issue 15).
        String failedIn = traceIdOf(failingWorkerLog, "ww-1", "sms failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> traceIdOf(worker.log(), "ww-1", "sms sent") != null);
        assertThat(failedIn).isNotNull();
        assertThat(traceIdOf(worker.log(), "ww-1", "sms sent")).isEqualTo(failedIn);
        Channel channel = connection.createChannel();
        assertThat(channel.messageCount(Topology.FAILED_QUEUE)).isZero();
    }

    /** The {@code traceId} of the first JSON log line with this message id and message, or null. */
    static String traceIdOf(String log, String messageId, String message) {
        return log.lines()
                .filter(line -> line.contains("\"messageId\":\"" + messageId + "\"") && line.contains("\"message\":\"" + message))
                .map(line -> java.util.regex.Pattern.compile("\"traceId\":\"([0-9a-f]{32})\"").matcher(line))
                .filter(java.util.regex.Matcher::find)
                .map(matcher -> matcher.group(1))
                .findFirst().orElse(null);
    }

    @Test
    void theCanaryIsSentWithinItsThresholdAndSaysSoToPrometheus(@TempDir Path dir) throws Exception {
        Path prom = dir.resolve("canary.prom");
        for (String kind : List.of("otp", "transactional")) {
            Cli.Run run = cli.run("canary", "--kind", kind, "--threshold", "5s", "--timeout", "20s", "--prometheus-file", prom.toString());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
            assertThat(run.out()).contains("canary OK", "by simulator on attempt 1", " ms (threshold 5000 ms)");
            assertThat(Files.readString(prom, StandardCharsets.UTF_8)).contains("sms_canary_success{kind=\"" + kind + "\"} 1")
                    .doesNotContain("} NaN");
            System.out.println("canary " + kind + ": " + run.out().strip());
        }
    }

    /** Guards issue 15: a canary whose result went nowhere exited 0 and only printed a warning. */
    @Test
    void aPassingCanaryWhoseResultCannotBeRecordedFails() {
        // Port 1: nothing listens, the push is refused.
        Cli.Run run = cli.run("canary", "--threshold", "20s", "--timeout", "20s", "--pushgateway", "http://127.0.0.1:1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.CANARY_NOT_RECORDED);
        assertThat(run.out()).contains("canary OK");
        assertThat(run.err()).contains("canary NOT RECORDED");
    }

    @Test
    void aCanarySlowerThanItsThresholdFails() {
        Cli.Run run = cli.run("canary", "--threshold", "1ms", "--timeout", "20s");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.CANARY_SLOW);
        assertThat(run.out()).contains("canary SLOW");
    }

    private static JsonNode awaitEvent(String messageId, String type) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> events.stream()
                .filter(event -> messageId.equals(event.get("messageId").asString()) && type.equals(event.get("type").asString()))
                .findFirst().orElse(null), found -> found != null);
    }

    private static void watchEvents() throws Exception {
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare("", false, true, true, Map.of()).getQueue();
        channel.queueBind(queue, Topology.EVENTS_EXCHANGE, "#");
        channel.basicConsume(queue, true, (tag, delivery) -> events.add(JSON.readTree(delivery.getBody())), tag -> { });
    }
}
