package dev.smsworker.ops.canary;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.sun.net.httpserver.HttpServer;
import dev.smsworker.contracts.Topology;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.support.Cli;
import dev.smsworker.ops.support.WorkerTopology;
import dev.smsworker.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The canary's failure paths on a real broker (its success needs a worker: WithWorkerIT). */
class CanaryIT {

    static final TestBroker broker = TestBroker.get();
    static String vhost;
    static Connection connection;
    static Channel channel;
    static Cli cli;

    @BeforeAll
    static void start() throws Exception {
        vhost = broker.createVhost("canary");
        connection = broker.connectionFactory(vhost).newConnection("canary-it");
        channel = connection.createChannel();
        WorkerTopology.declare(channel);
        cli = new Cli(broker, vhost);
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        broker.deleteVhost(vhost);
    }

    @Test
    void withoutAWorkerTheCanaryTimesOutAndReportsFailureToPrometheus(@TempDir Path dir) throws Exception {
        List<String> pushed = new CopyOnWriteArrayList<>();
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> {
            pushed.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        gateway.start();
        Path prom = dir.resolve("sms_canary.prom");
        try {
            long start = System.nanoTime();
            Cli.Run run = cli.run("canary", "--timeout", "2s", "--prometheus-file", prom.toString(),
                    "--pushgateway", "http://127.0.0.1:" + gateway.getAddress().getPort());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.CANARY_TIMEOUT);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(1_900L, 10_000L);
            assertThat(run.err()).contains("canary TIMEOUT");
        } finally {
            gateway.stop(0);
        }
        String text = Files.readString(prom);
        assertThat(text).contains("sms_canary_success{kind=\"otp\"} 0", "sms_canary_latency_seconds{kind=\"otp\"} NaN",
                "sms_canary_last_run_timestamp_seconds{kind=\"otp\"} ");
        assertThat(dir.toFile().list()).containsExactly("sms_canary.prom");
        assertThat(pushed).singleElement().asString().startsWith("PUT /metrics/job/sms_canary/kind/otp\n").contains("sms_canary_success");
        // The canary left in the OTP lane expires with the timeout, so a worker starting later will not send it.
        GetResponse stranded = channel.basicGet(Topology.OTP_QUEUE, true);
        assertThat(new String(stranded.getBody(), StandardCharsets.UTF_8)).contains("\"expiresAt\"", "\"canary\":\"true\"", "+15005550006");
    }

    /** Guards issue 15: with the textfile folder missing the canary exited 0 and wrote nothing. */
    @Test
    void aMissingTextfileFolderIsAUsageErrorAndNothingIsSent(@TempDir Path dir) throws Exception {
        Path prom = dir.resolve("not-there").resolve("sms_canary.prom");

        Cli.Run run = cli.run("canary", "--timeout", "2s", "--prometheus-file", prom.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("folder " + prom.getParent() + " does not exist", "nothing was sent");
        assertThat(channel.messageCount(Topology.OTP_QUEUE)).isZero();
    }

    @Test
    void withoutTheTopologyTheCanaryIsABrokerError() {
        String empty = broker.createVhost("canary-empty");
        try {
            Cli.Run run = cli.run("canary", "--timeout", "2s", "--vhost", empty);

            assertThat(run.exitCode()).isEqualTo(ExitCodes.BROKER);
            assertThat(run.err()).contains("no exchange 'sms.events'");
        } finally {
            broker.deleteVhost(empty);
        }
    }
}
