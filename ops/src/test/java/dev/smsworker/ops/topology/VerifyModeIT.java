package dev.smsworker.ops.topology;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.smsworker.contracts.Topology;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.support.Cli;
import dev.smsworker.ops.support.TestWorker;
import dev.smsworker.testing.TestBroker;
import dev.smsworker.testing.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Least privilege (issue 10): {@code sms-ops topology apply} as an admin, then the worker in
 * {@code sms.topology.mode=verify} with the runtime user of ops/rabbitmq/users.json, which may consume and
 * publish but not purge, delete or bind; {@code sms-ops doctor} read as a monitoring user.
 *
 * <p>The two tests that start a worker JVM run side by side (the refused start uses a vhost of its own);
 * the doctor's operator policy waits for the worker that sends in this class's vhost ({@link #VHOST_LOCK}).
 */
class VerifyModeIT {

    private static final String VHOST_LOCK = "VerifyModeIT.vhost";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final TestBroker broker = TestBroker.get();
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String RUNTIME = "test-sms-worker-" + SUFFIX;
    static final String MONITOR = "test-sms-monitoring-" + SUFFIX;
    static final String PASSWORD = "pw-" + SUFFIX;
    static final String DELAYS = "1s,2s,3s"; // TestWorker's sms.retry.delays
    static String vhost;
    static Cli cli;

    @BeforeAll
    static void applyTheTopologyAndCreateTheUsers() {
        vhost = broker.createVhost("verify-mode");
        cli = new Cli(broker, vhost);
        Cli.Run apply = cli.run("topology", "apply", "--retry-delays", DELAYS);
        assertThat(apply.exitCode()).as(apply.err()).isEqualTo(ExitCodes.OK);
        assertThat(apply.out()).contains("8 exchanges, 9 queues, 10 bindings");

        JsonNode worker = shippedPermission("sms-worker");
        broker.createUser(RUNTIME, PASSWORD, vhost, worker.path("configure").asString(), worker.path("write").asString(),
                worker.path("read").asString());
        JsonNode monitoring = shippedPermission("sms-monitoring");
        broker.createUser(MONITOR, PASSWORD, vhost, monitoring.path("configure").asString(), monitoring.path("write").asString(),
                monitoring.path("read").asString());
        broker.put("/api/users/" + MONITOR, "{\"password\":\"" + PASSWORD + "\",\"tags\":\"monitoring\"}");
    }

    @AfterAll
    static void cleanUp() {
        broker.deleteUser(RUNTIME);
        broker.deleteUser(MONITOR);
        broker.deleteVhost(vhost);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @ResourceLock(VHOST_LOCK)
    void theWorkerInVerifyModeSendsWithTheRuntimeUser() throws Exception {
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        try (Connection guest = broker.connectionFactory(vhost).newConnection("verify-mode-it");
             WorkerProcess worker = TestWorker.start(broker, vhost, "spring.rabbitmq.username=" + RUNTIME,
                     "spring.rabbitmq.password=" + PASSWORD, "sms.topology.mode=verify",
                     "sms.topology.management.username=" + MONITOR, "sms.topology.management.password=" + PASSWORD)) {
            Channel channel = guest.createChannel();
            String queue = channel.queueDeclare("", false, true, true, Map.of()).getQueue();
            channel.queueBind(queue, Topology.EVENTS_EXCHANGE, "#");
            channel.basicConsume(queue, true, (tag, delivery) -> events.add(JSON.readTree(delivery.getBody())), tag -> { });

            Cli.Run send = cli.run("send", "--to", "+4791234567", "--body", "code 123456", "--kind", "otp", "--message-id", "vm-1");

            assertThat(send.exitCode()).as(send.err()).isEqualTo(ExitCodes.OK);
            await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().anyMatch(e ->
                    "vm-1".equals(e.path("messageId").asString()) && "sent".equals(e.path("type").asString())));
            assertThat(worker.log()).contains("topology verified").doesNotContain("ACCESS_REFUSED");
        }
    }

    @Test
    void theRuntimeUserCanNotPurgeDeleteOrBind() throws Exception {
        ConnectionFactory factory = broker.connectionFactory(vhost);
        factory.setUsername(RUNTIME);
        factory.setPassword(PASSWORD);
        try (Connection runtime = factory.newConnection("verify-mode-runtime")) {
            // What verify mode does: a passive declare needs no configure permission.
            Channel passive = runtime.createChannel();
            passive.exchangeDeclarePassive(Topology.EXCHANGE);
            passive.queueDeclarePassive(Topology.FAILED_QUEUE);
            passive.close();

            assertRefused(runtime, c -> c.queuePurge(Topology.FAILED_QUEUE));
            assertRefused(runtime, c -> c.queuePurge("sms.retry.1s"));
            assertRefused(runtime, c -> c.queueDelete(Topology.FAILED_QUEUE));
            assertRefused(runtime, c -> c.exchangeDelete(Topology.EXCHANGE));
            assertRefused(runtime, c -> c.queueBind(Topology.OTP_QUEUE, Topology.EXCHANGE, "#"));
            assertRefused(runtime, c -> c.queueUnbind(Topology.OTP_QUEUE, Topology.EXCHANGE, "send.otp"));
            assertRefused(runtime, c -> c.queueDeclare("sms.send.audit", true, false, false, Map.of()));
            assertRefused(runtime, c -> c.basicGet(Topology.FAILED_QUEUE, false));
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void verifyModeRefusesToStartWithoutTheTopologyAndSaysHowToApplyIt() {
        String bare = broker.createVhost("verify-mode-bare");
        try {
            assertThatThrownBy(() -> TestWorker.start(broker, bare, "sms.topology.mode=verify", "sms.broker.startup-timeout=10s").close())
                    .hasMessageContaining("sms.topology.mode=verify and exchange sms is missing")
                    .hasMessageContaining("sms-ops topology apply");
        } finally {
            broker.deleteVhost(bare);
        }
    }

    @Test
    @ResourceLock(VHOST_LOCK)
    void doctorFindsNoDriftAfterApplyThenReportsAnOperatorPolicyAndExitsNonZero() {
        Cli monitoring = cli.withEnv(Map.of("SMS_OPS_MANAGEMENT_USER", MONITOR, "SMS_OPS_MANAGEMENT_PASSWORD", PASSWORD));
        Cli.Run clean = monitoring.run("doctor", "--retry-delays", DELAYS, "--management-url", broker.managementUrl());
        assertThat(clean.exitCode()).as(clean.out() + clean.err()).isEqualTo(ExitCodes.OK);
        assertThat(clean.out()).contains("no drift");

        broker.put("/api/operator-policies/" + vhost + "/cap",
                "{\"pattern\":\"^sms\\\\.failed$\",\"definition\":{\"max-length\":2},\"apply-to\":\"queues\"}");
        try {
            // The management API shows a new policy on a queue after its next statistics round (5 s by default).
            Cli.Run drift = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(
                    () -> monitoring.run("doctor", "--retry-delays", DELAYS, "--management-url", broker.managementUrl()),
                    run -> run.exitCode() != ExitCodes.OK);
            assertThat(drift.exitCode()).as(drift.err()).isEqualTo(ExitCodes.DRIFT);
            assertThat(drift.out()).containsPattern("sms\\.failed\\s+max-length\\s+none\\s+2\\s+operator policy cap\\s+can lose or delay messages");
        } finally {
            broker.delete("/api/operator-policies/" + vhost + "/cap");
        }

        Cli.Run unreadable = cli.run("doctor", "--management-url", "http://127.0.0.1:1");
        assertThat(unreadable.exitCode()).isEqualTo(ExitCodes.BROKER);
        assertThat(unreadable.err()).contains("drift check unavailable");
    }

    private static JsonNode shippedPermission(String user) {
        Path root = Path.of(System.getProperty("sms.repository.root", "..")).toAbsolutePath().normalize();
        for (JsonNode permission : JSON.readTree(root.resolve("ops/rabbitmq/users.json").toFile()).path("permissions")) {
            if (permission.path("user").asString().equals(user)) {
                return permission;
            }
        }
        throw new AssertionError("no permissions for " + user + " in ops/rabbitmq/users.json");
    }

    /** The broker answers an action it forbids by closing the channel with 403 ACCESS_REFUSED. */
    private static void assertRefused(Connection connection, ChannelAction action) throws IOException {
        Channel channel = connection.createChannel();
        assertThatThrownBy(() -> action.run(channel)).hasStackTraceContaining("ACCESS_REFUSED");
    }

    @FunctionalInterface
    private interface ChannelAction {
        void run(Channel channel) throws Exception;
    }
}
