package dev.smsworker.ops.connection;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.smsworker.contracts.Topology;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.support.Cli;
import dev.smsworker.ops.support.FailedSeed;
import dev.smsworker.ops.support.WorkerTopology;
import dev.smsworker.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The permissions the README recommends are enough, and credentials come from files and the environment. */
class LeastPrivilegeIT {

    static final TestBroker broker = TestBroker.get();
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String OPS_USER = "test-sms-ops-" + SUFFIX;
    static final String CANARY_USER = "test-sms-canary-" + SUFFIX;
    static final String PASSWORD = "pw-" + SUFFIX;
    static String vhost;
    static Connection connection;
    static Channel channel;

    @BeforeAll
    static void start() throws Exception {
        vhost = broker.createVhost("least-privilege");
        connection = broker.connectionFactory(vhost).newConnection("least-privilege-it");
        channel = connection.createChannel();
        WorkerTopology.declare(channel);
        // The README's recommendation, word for word.
        broker.createUser(OPS_USER, PASSWORD, vhost, "^$", "^sms$", "^sms\\.failed$");
        broker.createUser(CANARY_USER, PASSWORD, vhost, "^amq\\.gen-.*", "^(sms|amq\\.gen-.*)$", "^(sms\\.events|amq\\.gen-.*)$");
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        broker.deleteUser(OPS_USER);
        broker.deleteUser(CANARY_USER);
        broker.deleteVhost(vhost);
    }

    @Test
    void anOpsUserWithReadOnTheFailedQueueAndWriteOnSmsCanInspectReplayAndPurge(@TempDir Path dir) throws Exception {
        FailedSeed.publish(channel, List.of(FailedSeed.message("lp-1"), FailedSeed.message("lp-2").errorClass("MALFORMED")));
        Path passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
        Cli cli = new Cli(broker, vhost).withEnv(Map.of("SMS_OPS_USER", OPS_USER, "SMS_OPS_PASSWORD_FILE", passwordFile.toString()));

        Cli.Run summary = cli.run("failed", "summary");
        Cli.Run replay = cli.run("replay", "--error-class", "EXHAUSTED");
        Cli.Run purge = cli.run("purge", "--error-class", "MALFORMED", "--yes");

        assertThat(summary.exitCode()).as(summary.err()).isEqualTo(ExitCodes.OK);
        assertThat(replay.exitCode()).as(replay.err()).isEqualTo(ExitCodes.OK);
        assertThat(purge.exitCode()).as(purge.err()).isEqualTo(ExitCodes.OK);
        assertThat(channel.basicGet(Topology.SEND_QUEUE, true).getProps().getMessageId()).isEqualTo("lp-1");
        assertThat(channel.messageCount(Topology.FAILED_QUEUE)).isZero();
    }

    @Test
    void credentialsComeFromAConfigFileAndAWrongPasswordIsABrokerError(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("sms-ops.properties"), "user=" + OPS_USER + "\npassword=" + PASSWORD + "\n");
        Cli cli = new Cli(broker, vhost);

        Cli.Run fromConfig = cli.run("failed", "summary", "--config", config.toString());
        Cli.Run wrongPassword = cli.run("failed", "summary", "--config", config.toString(), "--password", "wrong");

        assertThat(fromConfig.exitCode()).as(fromConfig.err()).isEqualTo(ExitCodes.OK);
        assertThat(wrongPassword.exitCode()).isEqualTo(ExitCodes.BROKER);
        assertThat(wrongPassword.err()).contains("login refused");
    }

    @Test
    void theOpsUserCannotTakeFromTheWorkQueues() throws Exception {
        var factory = broker.connectionFactory(vhost);
        factory.setUsername(OPS_USER);
        factory.setPassword(PASSWORD);
        try (Connection ops = factory.newConnection()) {
            Channel opsChannel = ops.createChannel();
            assertThatThrownBy(() -> opsChannel.basicGet(Topology.SEND_QUEUE, false))
                    .hasStackTraceContaining("ACCESS_REFUSED");
        }
    }

    @Test
    void aCanaryUserWithTemporaryQueuesWriteOnSmsAndReadOnEventsCanRunTheCanary() throws Exception {
        Cli cli = new Cli(broker, vhost);

        Cli.Run run = cli.run("canary", "--timeout", "1s", "--user", CANARY_USER, "--password", PASSWORD);

        // No worker here: a timeout (not a broker error) proves every declare, bind, consume and publish was allowed.
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.CANARY_TIMEOUT);
        channel.queuePurge(Topology.OTP_QUEUE);
    }
}
