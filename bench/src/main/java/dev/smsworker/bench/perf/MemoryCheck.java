package dev.smsworker.bench.perf;

import com.rabbitmq.client.ConnectionFactory;
import dev.smsworker.bench.broker.Amqp;
import dev.smsworker.bench.broker.Management;
import dev.smsworker.bench.provider.Answer;
import dev.smsworker.bench.provider.FakeTwilio;
import dev.smsworker.bench.provider.Script;
import dev.smsworker.bench.worker.GcLog;
import dev.smsworker.contracts.Topology;
import dev.smsworker.testing.WorkerProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The long drain's short version, for the test suite: {@code messages} requests through one worker
 * process with the shipped JVM flags and a 0 ms provider (or a slow one), then what its heap held. Measures memory,
 * never time: the full GCs the heap forced during the drain, and the live heap right after the drain
 * (a full GC requested with {@code jcmd GC.run}, so the figure is what the worker really keeps),
 * against the same figure taken once the worker was ready. The drain is over when the worker has
 * written its last "sms sent" line, not when the provider saw the last call: until then up to a
 * prefetch of deliveries, their status events and log lines are still held, which is work in flight,
 * not what the worker keeps.
 * The worker is then stopped with SIGTERM and its outcome log lines are counted: a normal shutdown
 * loses none.
 *
 * @param jvmArgs the worker's JVM flags (the shipped ones: worker/jvm.options)
 */
public record MemoryCheck(Path workerJar, List<String> jvmArgs, String host, int port, String managementUrl, Path runDir) {

    /**
     * @param gc            the collector's log from readiness to the end of the drain
     * @param liveBeforeMiB heap in use after a full GC requested once the worker was ready, MiB
     * @param liveAfterMiB  heap in use after the full GC requested once every message was sent, MiB
     * @param sentLogLines  "sms sent" lines in the worker's output, counted after its SIGTERM exit
     * @param exitCode      the worker's exit status after SIGTERM
     */
    public record Result(GcLog gc, long liveBeforeMiB, long liveAfterMiB, long sentLogLines, int exitCode) {

        /** What the drain left behind: the worker's records of 20,000 ids and nothing per message in flight. */
        public long growthMiB() {
            return liveAfterMiB - liveBeforeMiB;
        }
    }

    /** The GC cause a {@code jcmd <pid> GC.run} leaves in the log. */
    private static final String REQUESTED_GC = "Diagnostic Command";

    public Result run(int messages) throws Exception {
        return run(messages, Duration.ZERO, List.of());
    }

    /**
     * @param providerLatency how long the fake provider takes to answer each call
     * @param workerArgs      more arguments for the worker, e.g. {@code --sms.consumer.consumers-per-lane=3}
     */
    public Result run(int messages, Duration providerLatency, List<String> workerArgs) throws Exception {
        Files.createDirectories(runDir);
        Management management = new Management(managementUrl);
        String vhost = management.createVhost("memory");
        Path gcLogFile = runDir.resolve("gc.log");
        Path workerLog = runDir.resolve("worker.log");
        Files.deleteIfExists(workerLog);
        try (FakeTwilio provider = new FakeTwilio(Script.always(Answer.created(providerLatency.toMillis())))) {
            ConnectionFactory factory = Amqp.factory(host, port, vhost);
            List<String> flags = new ArrayList<>(jvmArgs);
            flags.add(GcLog.flag(gcLogFile));
            List<String> args = new ArrayList<>(List.of("--spring.rabbitmq.host=" + host, "--spring.rabbitmq.port=" + port,
                    "--spring.rabbitmq.virtual-host=" + vhost));
            args.addAll(List.of(provider.workerArguments()));
            args.addAll(workerArgs);
            WorkerProcess worker = WorkerProcess.start(workerJar, flags, args, workerLog);
            try {
                double readySeconds = worker.awaitReady(Duration.ofMinutes(5)).toMillis() / 1000.0;
                requestFullGc(worker.pid());
                long before = lastRequestedGcMiB(GcLog.read(gcLogFile));
                Preloader.publish(factory, Topology.EXCHANGE, "send.transactional", "m", messages);
                awaitProgress(() -> provider.calls(), messages, worker, "provider calls");
                awaitProgress(() -> countLines(workerLog, "sms sent"), messages, worker, "'sms sent' lines");
                requestFullGc(worker.pid());
                GcLog all = GcLog.read(gcLogFile);
                GcLog gc = all.since(readySeconds);
                long after = lastRequestedGcMiB(all);
                int exit = worker.terminate(Duration.ofSeconds(60));
                return new Result(gc, before, after, countLines(workerLog, "sms sent"), exit);
            } finally {
                worker.close();
            }
        } finally {
            management.deleteVhost(vhost);
        }
    }

    private static long lastRequestedGcMiB(GcLog log) {
        return log.pauses().stream().filter(p -> p.cause().contains(REQUESTED_GC))
                .mapToLong(GcLog.Pause::afterMiB).reduce((first, last) -> last).orElse(-1);
    }

    private interface Count {
        long now() throws IOException;
    }

    /** Waits on progress: fails only if the worker makes none for a minute (a busy machine is slow, not stuck). */
    private static void awaitProgress(Count count, int messages, WorkerProcess worker, String what)
            throws InterruptedException, IOException {
        long last = -1;
        long lastProgress = System.nanoTime();
        while (count.now() < messages) {
            long now = count.now();
            if (now != last) {
                last = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.MINUTES.toNanos(1) || !worker.alive()) {
                throw new IllegalStateException("worker stalled at " + now + " of " + messages + " " + what + "; see " + worker.logFile());
            }
            Thread.sleep(250);
        }
    }

    /** A full GC now, through the JDK's jcmd; it lands in the GC log with its cause. */
    private static void requestFullGc(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " GC.run failed");
        }
    }

    private static long countLines(Path file, String text) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }
}
