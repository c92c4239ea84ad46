package dev.smsworker.worker;

import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.aot.AotTraining;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training start that writes the JDK's AOT cache ({@code bin/sms-worker}, the benchmark), run as they run it
 * (without {@code -XX:AOTCacheOutput}, which this test JDK may not have: the training is the worker's own code): it
 * sends itself its requests in a vhost of its own, stops by itself with status 0, removes that vhost, and leaves the
 * vhost it was pointed at untouched; without a management API it stops once started.
 */
class AotTrainingIT {

    private static final Pattern VHOST = Pattern.compile("requests in vhost (sms-worker-aot-training-[0-9a-f-]+)");

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aTrainingStartSendsItsRequestsInAVhostOfItsOwnAndRemovesIt() throws Exception {
        TestBroker broker = TestBroker.get();
        String vhost = broker.createVhost("aottraining");
        Path log = Files.createTempFile("worker", ".log");
        Process worker = StartupIT.start(log, List.of("-D" + AotTraining.MESSAGES_PROPERTY + "=300"),
                "--spring.rabbitmq.host=" + broker.host, "--spring.rabbitmq.port=" + broker.amqpPort,
                "--spring.rabbitmq.virtual-host=" + vhost, "--sms.topology.management.url=" + broker.managementUrl(),
                "--spring.profiles.active=plain");
        try {
            assertThat(worker.waitFor(5, TimeUnit.MINUTES)).as("stops by itself").isTrue();
            String output = Files.readString(log);
            assertThat(worker.exitValue()).as(output).isZero();
            assertThat(output).contains("AOT training: 300 of 300 requests reached the stand-in provider");
            assertThat(output.lines().filter(line -> line.contains("sms sent"))).hasSize(300);
            // The probes' and the scrape's path is in the cache too: every call answered.
            assertThat(output).contains("AOT training: 12 actuator calls made (status: calls {200=12})");
            Matcher training = VHOST.matcher(output);
            assertThat(training.find()).isTrue();
            assertThat(output).contains("vhost " + training.group(1) + " removed");
            assertThat(broker.get("/api/vhosts")).doesNotContain(training.group(1));
            // The vhost it was given saw nothing: no queue declared, no connection left.
            assertThat(broker.get("/api/queues/" + vhost)).isEqualTo("[]");
        } finally {
            worker.destroyForcibly();
            broker.deleteVhost(vhost);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void withoutAManagementApiTheTrainingStartStopsOnceStarted() throws Exception {
        assertStopsOnceStarted("300", "http://127.0.0.1:1", "no management API at http://127.0.0.1:1");
    }

    /** SMS_WORKER_AOT_TRAINING_MESSAGES=0: still a start that ends, never a worker consuming the user's queues. */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void noTrainingMessagesStillStopsOnceStarted() throws Exception {
        assertStopsOnceStarted("0", TestBroker.get().managementUrl(), AotTraining.MESSAGES_PROPERTY + " is 0");
    }

    private static void assertStopsOnceStarted(String messages, String managementUrl, String reason) throws Exception {
        TestBroker broker = TestBroker.get();
        String vhost = broker.createVhost("aottrainingstartonly");
        Path log = Files.createTempFile("worker", ".log");
        Process worker = StartupIT.start(log, List.of("-D" + AotTraining.MESSAGES_PROPERTY + "=" + messages),
                "--spring.rabbitmq.host=" + broker.host, "--spring.rabbitmq.port=" + broker.amqpPort,
                "--spring.rabbitmq.virtual-host=" + vhost, "--sms.topology.management.url=" + managementUrl,
                "--spring.profiles.active=plain");
        try {
            assertThat(worker.waitFor(5, TimeUnit.MINUTES)).as("stops by itself").isTrue();
            String output = Files.readString(log);
            assertThat(worker.exitValue()).as(output).isZero();
            assertThat(output).contains("AOT training start without messages: " + reason);
            assertThat(output).doesNotContain("sms sent").doesNotContain("requests in vhost");
        } finally {
            worker.destroyForcibly();
            broker.deleteVhost(vhost);
        }
    }
}
