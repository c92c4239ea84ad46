package dev.smsworker.ops.observability;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.smsworker.contracts.Topology;
import dev.smsworker.testing.TestBroker;
import dev.smsworker.testing.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The monitoring stack against real things: the worker jar in its own JVM, consuming from a throwaway
 * vhost that holds the production definitions and connected as a user with the production worker
 * permissions; a real Prometheus scraping it and RabbitMQ with the shipped rules; traffic published
 * as a user with the publisher permissions. Then every dashboard query must be valid PromQL and, once
 * traffic has flowed, return data, and every rule must evaluate without error.
 *
 * <p>Queries that may legitimately return nothing here, and are only required to parse:
 * {@code resilience4j_*} (the providers' circuit breakers; none is registered until the breaker work
 * lands), {@code sms_canary_*} (nothing pushes a canary result in this test) and {@code ALERTS}
 * (depends on what is pending).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityStackIT {

    /**
     * Series that exist only with something this stack has not: an open breaker, a canary, delivery receipts,
     * conversion feedback.
     */
    private static final List<String> MAY_BE_EMPTY = List.of("resilience4j_", "sms_canary_", "ALERTS", "sms_deliveries_",
            "sms_time_to_delivery_", "sms_receipts_failover_", "sms_conversions_", "sms_feedback_");
    private static final String RATE_INTERVAL = "1m";
    private static final int REQUESTS = 240;

    private static TestBroker broker;
    private static String vhost;
    private static final List<TestBroker.User> users = new ArrayList<>();
    private static WorkerProcess worker;
    private static PrometheusProcess prometheus;
    private static Connection publisherConnection;

    @BeforeAll
    static void startStackAndSendTraffic() throws Exception {
        broker = TestBroker.local();
        vhost = broker.createVhost("stack");
        broker.importDefinitions(vhost, VhostDefinitions.asShipped());
        TestBroker.User workerUser = user("worker", "sms-worker");
        TestBroker.User publisher = user("publisher", "sms-publisher");
        Path workDir = Files.createDirectories(RepoFiles.path("ops/target/observability-it/" + vhost));

        // Default retry delays (1m, 3m, 9m), the ones definitions.json creates. The production default:
        // verify mode, as sms-worker may not declare.
        worker = startWorker(workerUser, workDir, "--sms.topology.mode=verify",
                "--sms.topology.management.username=guest", "--sms.topology.management.password=guest",
                "--sms.providers.simulator.latency=5ms", "--sms.providers.simulator.retryable-rate=0.3",
                // 30% retryable opens the breaker now and then (10 failures in a window of 20); at the default
                // open-for of 30 s each opening paused the lanes for 30 s, and the traffic took 30-90 s longer to
                // reach its outcomes. The breaker's series are the same after a 2 s opening.
                "--sms.routing.breaker.open-for=2s",
                "--sms.broker.startup-timeout=20s",
                // Prices and a guard that trips, so the spend and refusal panels have data: one marketing SMS a
                // minute to a country, the rest refused (velocity-country).
                "--sms.pricing.per-segment.simulator.default=0.05", "--sms.guard.velocity.marketing.country=1/1m");
        // Prometheus starts while the worker does (its port is known once the process is launched): the
        // worker is the slow one, and a few scrapes of it before it is up change no test's answer.
        prometheus = PrometheusProcess.start(prometheusConfig(), workDir);
        // A hang guard, not a timing: at load 25 a start took 43 s to its context and more than 90 s to ready.
        worker.awaitReady(Duration.ofMinutes(5));

        publisherConnection = broker.connect(vhost, publisher);
        publish(publisherConnection);
        // A hang guard sized for a loaded machine, not a measure: 90 s ran out once beside a busy loop (2026-11-30).
        await("outcomes of all requests in Prometheus").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> value("sum(sms_messages_total)") >= REQUESTS && value("sum(sms_queue:acked:rate1m)") > 0);
    }

    @AfterAll
    static void stopStack() throws IOException {
        if (publisherConnection != null) {
            publisherConnection.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        users.forEach(broker::deleteUser);
        if (vhost != null) {
            broker.deleteVhost(vhost);
        }
    }

    @Test
    @Order(1)
    void everyDashboardQueryIsValidPromqlAndReturnsDataAfterTraffic() {
        List<String> problems = new ArrayList<>();
        int withData = 0;
        for (Dashboards.Query query : Dashboards.queries()) {
            String promql = substitute(query.expr());
            PrometheusProcess.Response response = prometheus.query(promql);
            if (!response.ok()) {
                problems.add(query + ": " + response + "\n    " + promql);
            } else if (!response.series().isEmpty()) {
                withData++;
            } else if (MAY_BE_EMPTY.stream().noneMatch(promql::contains)) {
                problems.add(query + ": no data\n    " + promql);
            }
        }
        System.out.printf("dashboard queries: %d, with data: %d%n", Dashboards.queries().size(), withData);
        assertThat(problems).as("dashboard queries that failed").isEmpty();
    }

    @Test
    @Order(2)
    void dashboardVhostVariableOffersTheVhost() {
        for (String file : Dashboards.files()) {
            for (JsonNode variable : RepoFiles.json(file).path("templating").path("list")) {
                String definition = variable.path("definition").asString();
                // Grafana's label_values(metric, label) is not PromQL; this is the PromQL it runs.
                Matcher labelValues = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)").matcher(definition);
                assertThat(labelValues.matches()).as(definition).isTrue();
                PrometheusProcess.Response response = prometheus.query("count by (" + labelValues.group(2) + ") (" + labelValues.group(1) + ")");
                assertThat(response.series()).extracting(s -> s.path("metric").path(labelValues.group(2)).asString()).contains(vhost);
            }
        }
    }

    @Test
    @Order(3)
    void everyRuleEvaluatesWithoutErrorOnRealData() {
        await("all rules evaluated").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> unhealthy = new ArrayList<>();
            for (JsonNode group : prometheus.api("/api/v1/rules").path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (!"ok".equals(rule.path("health").asString())) {
                        unhealthy.add(rule.path("name").asString() + ": " + rule.path("health").asString() + " " + rule.path("lastError").asString());
                    }
                }
            }
            assertThat(unhealthy).isEmpty();
        });
        assertThat(prometheus.query("sms_queue:published:rate1m{queue=\"sms.send.otp\"}").series()).isNotEmpty();
        assertThat(prometheus.query("sms_queue:delivered:rate1m{queue=\"sms.send\"}").series()).isNotEmpty();
    }

    @Test
    @Order(4)
    void aHealthyStackRaisesNoWorkerOrQueueAlerts() {
        PrometheusProcess.Response alerts = prometheus.query(
                "ALERTS{alertname=~\"SmsWorkerDown|SmsWorkerNotReady|SmsWorkQueueNoConsumers|SmsWorkQueueStalled|SmsWorkQueueBacklogGrowing|SmsTopologyDrift\"}");
        assertThat(alerts.series()).isEmpty();
        printScrapeCosts();
    }

    @Test
    @Order(5)
    void stoppedWorkerLeavesEveryLaneWithoutConsumersAndItsInstanceDown() {
        worker.close();
        String noConsumers = alertExpr("SmsWorkQueueNoConsumers");
        await("lanes without consumers").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(prometheus.query(noConsumers).series()).extracting(s -> s.path("metric").path("queue").asString())
                        .containsExactlyInAnyOrder(Topology.OTP_QUEUE, Topology.SEND_QUEUE, Topology.UNROUTED_QUEUE));
        await("worker down").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(prometheus.query(alertExpr("SmsWorkerDown")).series()).hasSize(1));
    }

    private static String alertExpr(String name) {
        return PrometheusRulesTest.alerts().stream().filter(alert -> name.equals(alert.get("alert")))
                .map(alert -> (String) alert.get("expr")).findFirst().orElseThrow();
    }

    private static String substitute(String expr) {
        return expr.replace("$__rate_interval", RATE_INTERVAL).replace("${vhost}", vhost).replace("$vhost", vhost);
    }

    private static double value(String promql) {
        List<JsonNode> series = prometheus.query(promql).series();
        return series.isEmpty() ? 0 : Double.parseDouble(series.getFirst().path("value").get(1).asString());
    }

    /** OTPs, transactional and marketing requests; every 10th to an invalid number, every 20th to an unknown routing key. */
    private static void publish(Connection connection) throws Exception {
        Channel channel = connection.createChannel();
        channel.confirmSelect();
        String[] kinds = {"otp", "transactional", "marketing"};
        for (int i = 0; i < REQUESTS; i++) {
            String kind = kinds[i % kinds.length];
            String to = i % 10 == 0 ? "+47123" : "+4791234567";
            String routingKey = i % 20 == 5 ? "send.unknown" : "send." + kind;
            String json = "{\"messageId\":\"obs-" + UUID.randomUUID() + "\",\"to\":\"" + to + "\",\"body\":\"stack test " + i
                    + "\",\"kind\":\"" + kind + "\"}";
            channel.basicPublish(Topology.EXCHANGE, routingKey,
                    new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build(),
                    json.getBytes(StandardCharsets.UTF_8));
            if (i % 20 == 19) {
                channel.waitForConfirmsOrDie(5_000);
                // Spread over several scrapes so rates are rates, not one spike.
                Thread.sleep(1_000);
            }
        }
        channel.waitForConfirmsOrDie(5_000);
    }

    /** The shipped scrape jobs, pointed at this machine and the test vhost. */
    private static Map<String, Object> prometheusConfig() {
        Map<String, Object> shipped = RepoFiles.yaml("ops/prometheus/prometheus.yml");
        List<Map<String, Object>> shippedJobs = RepoFiles.at(shipped, "scrape_configs");
        Map<String, Object> queueJob = shippedJobs.stream().filter(job -> "rabbitmq-queues".equals(job.get("job_name"))).findFirst().orElseThrow();
        List<String> families = new ArrayList<>(RepoFiles.at(queueJob, "params", "family"));
        // This broker may be 3.x, whose per-queue delivery and publish counters exist only per channel
        // (see the comment in prometheus.yml); the recording rules and dashboards read either.
        families.addAll(List.of("channel_queue_metrics", "channel_queue_exchange_metrics"));

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("global", Map.of("scrape_interval", "2s", "evaluation_interval", "2s"));
        config.put("rule_files", List.of(RepoFiles.path("ops/prometheus/rules") + "/*.yml"));
        config.put("scrape_configs", List.of(
                job("sms-worker", "/actuator/prometheus", "127.0.0.1:" + worker.port(), null),
                job("rabbitmq", "/metrics", TestBroker.HOST + ":" + TestBroker.PROMETHEUS_PORT, null),
                job("rabbitmq-queues", "/metrics/detailed", TestBroker.HOST + ":" + TestBroker.PROMETHEUS_PORT,
                        Map.of("vhost", List.of(vhost), "family", families))));
        return config;
    }

    private static Map<String, Object> job(String name, String path, String target, Map<String, Object> params) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("job_name", name);
        job.put("metrics_path", path);
        if (params != null) {
            job.put("params", params);
        }
        job.put("static_configs", List.of(Map.of("targets", List.of(target))));
        return job;
    }

    /**
     * The real worker: worker/target/sms-worker.jar in its own JVM, as a deployment runs it. ops must not
     * depend on the worker module, so the jar is taken from the build; a full `./mvnw verify` builds the
     * worker module before this one.
     */
    private static WorkerProcess startWorker(TestBroker.User user, Path workDir, String... arguments) {
        Path jar = RepoFiles.path("worker/target/sms-worker.jar");
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: build it first (./mvnw -B -DskipTests -pl worker -am package, or a full ./mvnw verify)");
        }
        List<String> args = new ArrayList<>(List.of(
                "--spring.rabbitmq.host=" + TestBroker.HOST,
                "--spring.rabbitmq.port=" + TestBroker.AMQP_PORT,
                "--spring.rabbitmq.virtual-host=" + vhost,
                "--spring.rabbitmq.username=" + user.name(),
                "--spring.rabbitmq.password=" + user.password(),
                "--spring.profiles.active=plain"));
        args.addAll(List.of(arguments));
        return WorkerProcess.start(jar, List.of("-Xmx256m"), args, workDir.resolve("worker.log"));
    }

    private static TestBroker.User user(String role, String definitionsUser) {
        TestBroker.User user = broker.createUser(role, vhost, VhostDefinitions.permission(definitionsUser));
        users.add(user);
        return user;
    }

    /** Series per scrape and scrape time per job: what this monitoring costs. */
    private static void printScrapeCosts() {
        for (JsonNode series : prometheus.query("scrape_samples_scraped").series()) {
            String job = series.path("metric").path("job").asString();
            System.out.printf("scrape %s: %s samples, %.1f ms%n", job, series.path("value").get(1).asString(),
                    1000 * value("scrape_duration_seconds{job=\"" + job + "\"}"));
        }
    }
}
