package dev.smsworker.ops.support;

import dev.smsworker.testing.TestBroker;
import dev.smsworker.testing.WorkerProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ops' tests' worker: the real worker jar as a separate process against a test vhost, with short retry
 * delays and a fast simulator. Its JSON log goes to a file under target/worker-logs for assertions and
 * post-mortems.
 */
public final class TestWorker {

    private static final String STARTED = "Started WorkerApplication";

    private TestWorker() {
    }

    /**
     * Starts a worker and waits until it is consuming; {@code properties} are {@code name=value} overrides.
     *
     * @throws IllegalStateException when it exits first (the message carries its log) or has not started within 90s
     */
    public static WorkerProcess start(TestBroker broker, String vhost, String... properties) throws IOException {
        Path log = Files.createDirectories(Path.of("target", "worker-logs")).resolve(vhost + "-" + System.nanoTime() + ".log");
        List<String> args = new ArrayList<>(List.of(
                "--spring.rabbitmq.host=" + broker.host,
                "--spring.rabbitmq.port=" + broker.amqpPort,
                "--spring.rabbitmq.virtual-host=" + vhost,
                "--sms.retry.delays=1s,2s,3s",
                "--sms.providers.simulator.latency=5ms"));
        for (String property : properties) {
            args.add("--" + property);
        }
        WorkerProcess worker = WorkerProcess.start(WorkerJar.path(), List.of("-XX:TieredStopAtLevel=1"), args, log);
        try {
            worker.awaitLog(STARTED, Duration.ofSeconds(90));
            return worker;
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
    }
}
