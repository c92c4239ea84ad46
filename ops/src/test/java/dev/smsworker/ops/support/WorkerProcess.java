package dev.smsworker.ops.support;

import dev.smsworker.contracts.testing.TestBroker;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real worker, started from its jar as a separate process against a test vhost, with a free HTTP port
 * and short retry delays. Its JSON log goes to a file under target/ for assertions and post-mortems.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final String STARTED = "Started WorkerApplication";

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts a worker and waits until it is consuming; {@code properties} are {@code name=value} overrides. */
    public static WorkerProcess start(TestBroker broker, String vhost, String... properties) throws IOException {
        Path jar = WorkerJar.path();
        Path log = Files.createDirectories(Path.of("target", "worker-logs")).resolve(vhost + "-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--server.port=0",
                "--spring.rabbitmq.host=" + broker.host,
                "--spring.rabbitmq.port=" + broker.amqpPort,
                "--spring.rabbitmq.virtual-host=" + vhost,
                "--sms.retry.delays=1s,2s,3s",
                "--sms.providers.simulator.latency=5ms"));
        for (String property : properties) {
            command.add("--" + property);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        WorkerProcess worker = new WorkerProcess(process, log);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !process.isAlive() || worker.log().contains(STARTED));
        } catch (RuntimeException e) {
            worker.close();
            throw new IllegalStateException("worker did not start within 90s; log " + log, e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("worker exited with " + process.exitValue() + ":\n" + worker.log());
        }
        return worker;
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops it the way an orchestrator does (SIGTERM), forcibly after 30s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** This JVM's java: the JDK the build runs on, which is new enough for the worker. */
    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
