package dev.smsworker.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The real worker jar, run as a separate process the way it runs in production, so that SIGKILL and
 * SIGTERM mean what they mean there. Output goes to a log file; readiness is the actuator's probe on a
 * free port of its own. Used by the integration tests of ops and by bench's harness (chaos, fuzz, perf).
 */
public final class WorkerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
    private static final int TAIL_LINES = 30;

    private final Process process;
    private final int httpPort;
    private final long startedNanos;
    private final Path logFile;
    private final long logOffset;

    private WorkerProcess(Process process, int httpPort, long startedNanos, Path logFile, long logOffset) {
        this.process = process;
        this.httpPort = httpPort;
        this.startedNanos = startedNanos;
        this.logFile = logFile;
        this.logOffset = logOffset;
    }

    /**
     * Starts {@code java [jvmArgs] -jar jar [args] --server.port=<free port>} (a Boot jar extracted first, as the worker
     * ships: {@link ExtractedJar}), with the same JDK as this JVM
     * (the one the build or the harness runs on, new enough for the worker); {@code args} must not set
     * {@code server.port}. The log is appended to, so one file holds a run's successive workers.
     *
     * @throws IllegalStateException when the process cannot be started
     */
    public static WorkerProcess start(Path jar, List<String> jvmArgs, List<String> args, Path logFile) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(ExtractedJar.of(jar).toString());
        command.addAll(args);
        command.add("--server.port=" + port);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            long logOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            long started = System.nanoTime();
            return new WorkerProcess(builder.start(), port, started, logFile, logOffset);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the worker: " + command, e);
        }
    }

    /** This JVM's own {@code java}: the JDK the build or the harness runs on, new enough for the worker. */
    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public long pid() {
        return process.pid();
    }

    /** The actuator's HTTP port on 127.0.0.1. */
    public int port() {
        return httpPort;
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * What this worker has written to its log file so far (stdout and stderr), without what earlier workers
     * appended to the same file; empty when it cannot be read.
     */
    public String log() {
        try {
            byte[] all = Files.readAllBytes(logFile);
            int from = (int) Math.min(logOffset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Waits until the readiness probe answers 200; returns the time from process start to that answer.
     *
     * @throws IllegalStateException when the worker exits first (with its log) or the timeout passes (with the
     *         last lines of its log)
     */
    public Duration awaitReady(Duration timeout) {
        awaitUntil(this::ready, "ready", timeout);
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * Waits until the log contains {@code text}, e.g. {@code Started WorkerApplication}.
     *
     * @throws IllegalStateException when the worker exits first (with its log) or the timeout passes (with the
     *         last lines of its log)
     */
    public void awaitLog(String text, Duration timeout) {
        awaitUntil(() -> log().contains(text), "logged \"" + text + "\"", timeout);
    }

    // Polls the worker's own progress (probe, log) and stops at once when the process has exited.
    private void awaitUntil(BooleanSupplier condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (!process.isAlive()) {
                // The whole log: the one line that says why is often above a long stack trace.
                throw new IllegalStateException("worker exited with " + process.exitValue() + " before it " + what
                        + "; its log " + logFile + ":\n" + log());
            }
            sleep(20);
        }
        throw new IllegalStateException("worker not " + what + " within " + timeout + "; its log " + logFile + ":\n" + tail());
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

    /**
     * Waits for a worker that stops by itself (e.g. {@code -Dspring.context.exit=onRefresh}); returns its exit status,
     * -9 when it had not exited within {@code timeout} and was killed.
     */
    public int awaitExit(Duration timeout) {
        return waitFor(timeout);
    }

    /** SIGKILL: no drain, no shutdown hook. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /**
     * SIGTERM, then waits for the graceful drain to finish; returns the exit status, -9 when it had to be killed. A
     * worker that did not stop in time leaves its threads, virtual ones included, in {@code <log>.threads.txt} beside
     * its log before it is killed: a worker that hangs must say where.
     */
    public int terminate(Duration timeout) {
        process.destroy();
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dumpThreads();
        return waitFor(Duration.ZERO);
    }

    /** {@code jcmd <pid> Thread.dump_to_file}, with the JDK that started the worker; best effort, never throws. */
    private void dumpThreads() {
        Path dump = logFile.toAbsolutePath().resolveSibling(logFile.getFileName() + "." + process.pid() + ".threads.txt");
        Path jcmd = Path.of(javaCommand()).resolveSibling("jcmd");
        try {
            Process jcmdProcess = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "Thread.dump_to_file",
                    "-format=text", dump.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!jcmdProcess.waitFor(30, TimeUnit.SECONDS)) {
                jcmdProcess.destroyForcibly();
            }
            System.err.println("worker " + process.pid() + " did not stop on SIGTERM; its threads: " + dump);
        } catch (IOException | RuntimeException e) {
            System.err.println("worker " + process.pid() + " did not stop on SIGTERM; no thread dump (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            process.destroyForcibly();
            return -1;
        }
    }

    /** SIGTERM, as an orchestrator stops it, and SIGKILL when the drain takes more than 60s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            terminate(Duration.ofSeconds(60));
        }
    }

    // The last lines only: a worker's whole log in a failure message buries the reason.
    private String tail() {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
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
