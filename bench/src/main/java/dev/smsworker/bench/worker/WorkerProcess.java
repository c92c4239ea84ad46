package dev.smsworker.bench.worker;

import java.io.IOException;
import java.net.ServerSocket;
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

/**
 * The real worker jar, run as a separate process the way it runs in production, so that SIGKILL and
 * SIGTERM mean what they mean there. Output goes to a log file; readiness is the actuator's probe.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final int httpPort;
    private final long startedNanos;
    private final Path logFile;
    private volatile long readyNanos;

    private WorkerProcess(Process process, int httpPort, long startedNanos, Path logFile) {
        this.process = process;
        this.httpPort = httpPort;
        this.startedNanos = startedNanos;
        this.logFile = logFile;
    }

    /**
     * Starts {@code java [jvmArgs] -jar jar [args] --server.port=...}, with the same JDK as this harness.
     * The log is appended to, so one file holds a run's successive workers.
     */
    public static WorkerProcess start(Path jar, List<String> jvmArgs, List<String> args, Path logFile) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        command.add("--server.port=" + port);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            long started = System.nanoTime();
            return new WorkerProcess(builder.start(), port, started, logFile);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the worker: " + command, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** Waits until the readiness probe answers 200; returns the time from process start to that answer. */
    public Duration awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker exited with " + process.exitValue() + " before it was ready; see " + logFile);
            }
            if (ready()) {
                readyNanos = System.nanoTime();
                return Duration.ofNanos(readyNanos - startedNanos);
            }
            sleep(20);
        }
        throw new IllegalStateException("worker not ready within " + timeout + "; see " + logFile);
    }

    public boolean ready() {
        return probe("/actuator/health/readiness") == 200;
    }

    public boolean alive() {
        return process.isAlive();
    }

    private int probe(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Resident set size from /proc, in KiB; -1 when the process is gone. */
    public long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // exited
        }
        return -1;
    }

    /** SIGKILL: no drain, no shutdown hook. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGTERM, then waits for the graceful drain to finish; returns the exit status. */
    public int terminate(Duration timeout) {
        process.destroy();
        return waitFor(timeout);
    }

    private int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                return -9;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            terminate(Duration.ofSeconds(40));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
