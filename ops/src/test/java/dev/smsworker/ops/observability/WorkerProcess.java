package dev.smsworker.ops.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The real worker: worker/target/sms-worker.jar in its own JVM, as a deployment runs it. ops must not
 * depend on the worker module, so the jar is taken from the build; a full `./mvnw verify` builds the
 * worker module before this one.
 */
final class WorkerProcess implements AutoCloseable {

    static final String JAR = "worker/target/sms-worker.jar";
    private final Process process;
    private final Path log;
    private final int port;

    private WorkerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static WorkerProcess start(String vhost, TestBroker.User user, Path workDir, String... extraArguments) {
        Path jar = RepoFiles.path(JAR);
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: build it first (./mvnw -B -DskipTests -pl worker -am package, or a full ./mvnw verify)");
        }
        int port = FreePort.pick();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString(),
                "--server.port=" + port,
                "--spring.rabbitmq.host=" + TestBroker.HOST,
                "--spring.rabbitmq.port=" + TestBroker.AMQP_PORT,
                "--spring.rabbitmq.virtual-host=" + vhost,
                "--spring.rabbitmq.username=" + user.name(),
                "--spring.rabbitmq.password=" + user.password(),
                "--spring.profiles.active=plain"));
        command.addAll(List.of(extraArguments));
        Path log = workDir.resolve("worker.log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new WorkerProcess(process, log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The actuator's HTTP port. */
    int port() {
        return port;
    }

    void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        await("worker readiness (log: " + log + ")").atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                fail("the worker exited with " + process.exitValue() + "; its log: " + log + "\n" + tail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** SIGTERM, as an orchestrator stops it; the worker drains and exits. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
