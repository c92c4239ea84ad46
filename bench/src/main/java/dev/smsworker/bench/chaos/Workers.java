package dev.smsworker.bench.chaos;

import dev.smsworker.testing.WorkerProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker process of a run and its successors: the faults kill and restart it. A worker that
 * exits without being told to is a finding; it is recorded and replaced so the run can finish.
 */
final class Workers implements AutoCloseable {

    private final Path jar;
    private final List<String> jvmArgs;
    private final List<String> args;
    private final Path log;
    private final List<String> unexpectedExits = new ArrayList<>();
    private final List<Duration> readiness = new ArrayList<>();
    private volatile WorkerProcess current;
    private volatile boolean expectingExit;
    private volatile boolean closed;

    Workers(Path jar, List<String> jvmArgs, List<String> args, Path log) {
        this.jar = jar;
        this.jvmArgs = jvmArgs;
        this.args = args;
        this.log = log;
    }

    synchronized WorkerProcess start(Duration readyWithin) {
        current = WorkerProcess.start(jar, jvmArgs, args, log);
        readiness.add(current.awaitReady(readyWithin));
        expectingExit = false;
        return current;
    }

    WorkerProcess current() {
        return current;
    }

    synchronized void kill() {
        expectingExit = true;
        current.kill();
    }

    synchronized int terminate() {
        expectingExit = true;
        return current.terminate(Duration.ofSeconds(60));
    }

    /** Waits until the current worker's readiness probe answers 200 again; returns how long that took. */
    Duration awaitReady(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (current.ready()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            sleep(100);
        }
        return null;
    }

    /** Waits until the readiness probe fails; null if it never did within {@code timeout}. */
    Duration awaitNotReady(Duration timeout) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < timeout.toNanos()) {
            if (!current.ready()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            sleep(100);
        }
        return null;
    }

    /** Replaces a worker that died on its own; call periodically. */
    synchronized void watch() {
        if (!closed && !expectingExit && current != null && !current.alive()) {
            unexpectedExits.add("worker pid " + current.pid() + " exited unexpectedly; see " + log);
            start(Duration.ofSeconds(120));
        }
    }

    List<String> unexpectedExits() {
        return List.copyOf(unexpectedExits);
    }

    List<Duration> readiness() {
        return List.copyOf(readiness);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (current != null && current.alive()) {
            expectingExit = true;
            current.terminate(Duration.ofSeconds(60));
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
