package dev.smsworker.bench.perf;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.smsworker.bench.Machine;
import dev.smsworker.bench.ProcessCpu;
import dev.smsworker.bench.broker.Amqp;
import dev.smsworker.bench.broker.Management;
import dev.smsworker.bench.perf.lean.LeanWorker;
import dev.smsworker.bench.perf.spring.SpringWorker;
import dev.smsworker.bench.provider.Answer;
import dev.smsworker.bench.provider.FakeTwilio;
import dev.smsworker.bench.provider.Script;
import dev.smsworker.bench.worker.AotImage;
import dev.smsworker.bench.worker.GcLog;
import dev.smsworker.contracts.Topology;
import dev.smsworker.testing.WorkerProcess;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The benchmark: one worker process against a fake provider, on the shared broker (a vhost of its own;
 * the broker is never restarted), next to RabbitMQ's PerfTest on the same queue type, prefetch and size.
 * Prints figures; asserts nothing.
 */
public final class PerfRun {

    /**
     * @param messages    messages per drain
     * @param latencies   provider latencies to measure, ms
     * @param repeat      runs of each measurement
     * @param jvmArgs     the worker's JVM flags
     * @param workerArgs  extra worker arguments (--sms.consumer.prefetch=..., ...)
     * @param prefetch    the worker's sms.consumer.prefetch, which PerfTest gets too
     * @param parts       what to run besides the worker drains (perftest, lean, spring, retry, latency); empty: all
     * @param springConsumers the Spring reference's listener consumers, which share the prefetch (at most prefetch)
     * @param aot         start the worker from an extracted jar with a JDK AOT cache (trained first)
     * @param aotTrainingMessages the requests the training start sends itself ({@code --aot-training-messages}; 0: it
     *                    stops once started, as bin/sms-worker's training did before 2026-11-30 late)
     */
    public record Options(int messages, List<Integer> latencies, int repeat, List<String> jvmArgs, List<String> workerArgs,
                          int prefetch, int springConsumers, int latencySeconds, List<String> parts, boolean aot,
                          int aotTrainingMessages, String host,
                          int port, String managementUrl, Path workerJar, Path runDir) {

        boolean includes(String part) {
            return parts.isEmpty() || parts.contains(part);
        }
    }

    private static final String PERFTEST_QUEUE = "perftest.quorum";
    /**
     * Latency runs warm a fresh JVM up at the measured rate before measuring, in rounds of
     * {@link #WARM_UP_ROUND_SECONDS}: at least {@link #WARM_UP_MESSAGES} messages, then until a round's JIT compilers
     * used under {@link #JIT_SETTLED_SHARE} of a core, for at most {@link #WARM_UP_MAX_SECONDS}. A fixed 20,000
     * messages left C2 compiling through the measured window (2026-11-30: 321 of a window's 603 µs of CPU per message
     * were the JIT's, at half of peak), so the window timed the compiler, not the warm worker the issue asks about.
     */
    private static final int WARM_UP_MESSAGES = 20_000;
    private static final int WARM_UP_ROUND_SECONDS = 5;
    private static final double JIT_SETTLED_SHARE = 0.05;
    private static final int WARM_UP_MAX_SECONDS = 180;

    private final Options options;
    private final PrintStream out;
    /** sms-worker's RSS peaks (the reference workers' are in their drain lines), KiB. */
    private final List<Long> rssPeaksKib = new ArrayList<>();
    private final List<Double> readiness = new ArrayList<>();
    /** sms-worker's starts alone (readiness also has the reference workers'), wall seconds to ready. */
    private final List<Double> workerReadiness = new ArrayList<>();
    /**
     * CPU seconds each sms-worker used until ready (user + system, all threads): on a loaded machine the wall time to
     * ready is mostly waiting for a core, the CPU is what the start costs.
     */
    private final List<Double> readinessCpu = new ArrayList<>();
    /** One line per drain, for the summary: who, rate, CPU per message (worker, broker), RSS, GC. */
    private final List<String> drainSummaries = new ArrayList<>();
    private String currentVhost;
    private Path workerJar;
    private List<String> workerJvmArgs;

    public PerfRun(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** bin/sms-worker's default ({@code SMS_WORKER_AOT_TRAINING_MESSAGES}), and {@code --aot-training-messages}'s. */
    public static final int AOT_TRAINING_MESSAGES = 20_000;

    public int run() throws Exception {
        Files.createDirectories(options.runDir());
        out.printf("benchmark: %d messages per drain, provider latencies %s ms, %d runs each, prefetch %d, worker JVM %s, args %s%n",
                options.messages(), options.latencies(), options.repeat(), options.prefetch(),
                options.jvmArgs().isEmpty() ? "(defaults)" : options.jvmArgs(), options.workerArgs());
        out.printf("machine: %s (the broker and this harness share it; other load may be present)%n", Machine.describe());
        Management management = new Management(options.managementUrl());
        String vhost = management.createVhost("bench");
        currentVhost = vhost;
        try (FakeTwilio provider = new FakeTwilio(Script.always(Answer.created(0)))) {
            ConnectionFactory factory = Amqp.factory(options.host(), options.port(), vhost);
            workerJar = options.workerJar();
            workerJvmArgs = options.jvmArgs();
            declareTopology(provider, factory);
            if (options.aot()) {
                AotImage image = AotImage.prepare(options.workerJar(), options.jvmArgs(), options.runDir().resolve("aot"),
                        (jar, trainingJvmArgs) -> train(jar, trainingJvmArgs, provider));
                workerJar = image.jar();
                workerJvmArgs = image.jvmArgs(options.jvmArgs());
                readiness.clear();
                workerReadiness.clear();
                readinessCpu.clear();
                out.printf("worker started from %s with %s%n", workerJar, workerJvmArgs);
            }
            Drains drains = new Drains(factory, provider, vhost);
            Map<Integer, List<Double>> workerRates = drains.workerRates();
            Map<String, Map<Integer, List<Double>>> referenceRates = new LinkedHashMap<>();
            if (options.includes("lean")) {
                referenceRates.put("lean", drains.referenceRates("lean", gcLogFile -> startLean(provider, gcLogFile)));
            }
            if (options.includes("spring")) {
                referenceRates.put("spring", drains.referenceRates("spring", gcLogFile -> startSpring(provider, gcLogFile)));
            }
            List<Double> perfTestRates = options.includes("perftest") ? drains.perfTestRates() : List.of(Double.NaN);
            List<Double> retryRates = options.includes("retry") ? drains.retryRates() : List.of();
            if (options.includes("latency")) {
                new LatencyRuns(factory, provider, vhost).run(workerRates, referenceRates.getOrDefault("lean", Map.of()));
            }
            printSummary(workerRates, referenceRates, perfTestRates, retryRates);
        } finally {
            management.deleteVhost(vhost);
        }
        return 0;
    }

    /** Starts a worker once so it declares its queues, then stops it: drains start from a preloaded queue. */
    private void declareTopology(FakeTwilio provider, ConnectionFactory factory) {
        try (WorkerProcess worker = startWorker(provider, List.of())) {
            worker.rssKib();
        }
    }

    /**
     * Trains the AOT cache the way {@code bin/sms-worker} does, so the benchmark measures the cache users run: a training
     * start ({@code -Dsms.aot.training-messages}, by default the same count as bin/sms-worker's) that sends itself that many
     * requests in a vhost of its own to a stand-in provider and exits, writing the cache (worker/.../aot/AotTraining).
     * Before 2026-12-01 bin/sms-worker trained only up to the context's refresh, and this harness did too.
     */
    private void train(Path jar, List<String> jvmArgs, FakeTwilio provider) {
        List<String> trainingJvmArgs = new ArrayList<>(jvmArgs);
        trainingJvmArgs.add("-Dsms.aot.training-messages=" + options.aotTrainingMessages());
        WorkerProcess worker = WorkerProcess.start(jar, trainingJvmArgs, workerArguments(provider, List.of()),
                options.runDir().resolve("aot-training.log"));
        // The JVM writes the cache as it exits, in a child JVM of its own: minutes on a loaded machine.
        int exit = worker.awaitExit(Duration.ofMinutes(8));
        if (exit != 0) {
            throw new IllegalStateException("the AOT training start exited with " + exit + "; see " + worker.logFile());
        }
    }

    private List<String> workerArguments(FakeTwilio provider, List<String> extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.rabbitmq.host=" + options.host(),
                "--spring.rabbitmq.port=" + options.port(),
                "--spring.rabbitmq.virtual-host=" + currentVhost,
                "--sms.consumer.prefetch=" + options.prefetch()));
        args.addAll(List.of(provider.workerArguments()));
        args.addAll(options.workerArgs());
        args.addAll(extraArgs);
        return args;
    }

    WorkerProcess startWorker(FakeTwilio provider, List<String> extraArgs) {
        return startWorker(provider, extraArgs, List.of());
    }

    private WorkerProcess startWorker(FakeTwilio provider, List<String> extraArgs, List<String> extraJvmArgs) {
        List<String> jvmArgs = new ArrayList<>(workerJvmArgs);
        jvmArgs.addAll(extraJvmArgs);
        WorkerProcess worker = WorkerProcess.start(workerJar, jvmArgs, workerArguments(provider, extraArgs),
                options.runDir().resolve("worker.log"));
        readiness.add(worker.awaitReady(Duration.ofMinutes(5)).toMillis() / 1000.0);
        workerReadiness.add(readiness.getLast());
        double jit = ProcessCpu.jitSeconds(worker.pid());
        double gc = ProcessCpu.gcSeconds(worker.pid());
        double main = ProcessCpu.mainThreadSeconds(worker.pid());
        readinessCpu.add(ProcessCpu.seconds(worker.pid()));
        out.printf("    sms-worker ready after %.2f s, using %.2f s of CPU: JIT compilers %.2f s, GC %.2f s, main thread %.2f s, the rest %.2f s; load %s%n",
                readiness.getLast(), readinessCpu.getLast(), jit, gc, main, readinessCpu.getLast() - jit - gc - main, Machine.loadAverage());
        return worker;
    }

    /**
     * The lean reference (perf/lean/LeanWorker), so that it and sms-worker differ only in what sms-worker does
     * beyond the I/O.
     */
    private WorkerProcess startLean(FakeTwilio provider, Path gcLogFile) {
        return startReference(LeanWorker.class, gcLogFile, LeanWorker.arguments(options.host(), options.port(), currentVhost,
                provider.baseUrl(), options.prefetch()));
    }

    /**
     * The Spring reference (perf/spring/SpringWorker). Its simple listener container calls the listener on one
     * thread per consumer, one message at a time: {@code --spring-consumers} consumers share the prefetch, so the
     * broker hands it as many messages as the others, and by default (as many consumers as the prefetch) it has
     * as many sends in flight as sms-worker, whose in-flight bound is its prefetch.
     */
    private WorkerProcess startSpring(FakeTwilio provider, Path gcLogFile) {
        return startReference(SpringWorker.class, gcLogFile, SpringWorker.arguments(options.host(), options.port(), currentVhost,
                provider.baseUrl(), options.prefetch(), Math.min(options.springConsumers(), options.prefetch())));
    }

    /** A reference worker from this harness's own jar with the worker's JVM flags, timed to readiness like the worker. */
    private WorkerProcess startReference(Class<?> main, Path gcLogFile, List<String> args) {
        String classPath = System.getProperty("java.class.path");
        if (!classPath.endsWith(".jar") || classPath.contains(File.pathSeparator)) {
            throw new IllegalStateException("the reference workers run from sms-bench.jar: java -jar bench/target/sms-bench.jar perf ...");
        }
        List<String> jvmArgs = new ArrayList<>(options.jvmArgs());
        jvmArgs.add(GcLog.flag(gcLogFile));
        WorkerProcess reference = ReferenceProcess.start(Path.of(classPath), main, jvmArgs, args,
                options.runDir().resolve(main.getSimpleName() + ".log"));
        readiness.add(reference.awaitReady(Duration.ofMinutes(2)).toMillis() / 1000.0);
        return reference;
    }

    private void printSummary(Map<Integer, List<Double>> workerRates, Map<String, Map<Integer, List<Double>>> referenceRates,
                              List<Double> perfTestRates, List<Double> retryRates) {
        double perfTest = Stats.mean(perfTestRates);
        out.println();
        out.println("SUMMARY");
        out.printf("  PerfTest drain (quorum, prefetch %d, 1 consumer): %s msg/s%n", options.prefetch(), Stats.range(perfTestRates, "%.0f"));
        workerRates.forEach((latency, rates) -> out.printf("  worker drain, provider %3d ms: %s msg/s = %.0f%% of PerfTest%n",
                latency, Stats.range(rates, "%.0f"), 100 * Stats.mean(rates) / perfTest));
        referenceRates.forEach((name, byLatency) -> byLatency.forEach((latency, rates) -> out.printf(
                "  %s reference, provider %3d ms: %s msg/s%n", name, latency, Stats.range(rates, "%.0f"))));
        workerRates.forEach((latency, rates) -> {
            String ratios = referenceRates.entrySet().stream().filter(reference -> reference.getValue().containsKey(latency))
                    .map(reference -> String.format("%.2fx %s", Stats.mean(rates) / Stats.mean(reference.getValue().get(latency)),
                            reference.getKey()))
                    .collect(Collectors.joining(", "));
            if (!ratios.isEmpty()) {
                out.printf("  provider %3d ms: sms-worker = %s%n", latency, ratios);
            }
        });
        out.printf("  retry path (every call 503): %s msg/s moved to the delay queue%n", Stats.range(retryRates, "%.0f"));
        out.printf("  sms-worker RSS peak during drains and latency runs: %d MiB; sms-worker ready after start: %s s, using %s s of CPU%n",
                rssPeaksKib.stream().mapToLong(Long::longValue).max().orElse(-1) / 1024, Stats.range(workerReadiness, "%.2f"),
                Stats.range(readinessCpu, "%.2f"));
        drainSummaries.forEach(drain -> out.printf("  drain %s%n", drain));
        out.printf("  load average at the end: %s%n", Machine.loadAverage());
    }

    /** Drain measurements: a preloaded queue, a worker started on it, time from first to last provider call. */
    private final class Drains {
        private final ConnectionFactory factory;
        private final FakeTwilio provider;

        Drains(ConnectionFactory factory, FakeTwilio provider, String vhost) {
            this.factory = factory;
            this.provider = provider;
        }

        Map<Integer, List<Double>> workerRates() throws Exception {
            Map<Integer, List<Double>> rates = new TreeMap<>();
            for (int latency : options.latencies()) {
                for (int run = 1; run <= options.repeat(); run++) {
                    provider.script(Script.always(Answer.created(latency)));
                    double rate = drainThroughWorker("sms-worker-" + latency + "ms-" + run, List.of());
                    rates.computeIfAbsent(latency, k -> new ArrayList<>()).add(rate);
                    out.printf("  worker drain, provider %3d ms, run %d: %.0f msg/s%n", latency, run, rate);
                }
            }
            return rates;
        }

        /**
         * The same drains through a reference worker ({@code lean}: sms-worker's I/O and nothing else; {@code spring}:
         * the same I/O the way a team would write it with Spring), started by {@code start} with its GC log file.
         */
        Map<Integer, List<Double>> referenceRates(String name, Function<Path, WorkerProcess> start) throws Exception {
            Map<Integer, List<Double>> rates = new TreeMap<>();
            for (int latency : options.latencies()) {
                for (int run = 1; run <= options.repeat(); run++) {
                    provider.script(Script.always(Answer.created(latency)));
                    String label = name + "-" + latency + "ms-" + run;
                    double rate = drain(label, false, () -> start.apply(gcLog(label)));
                    rates.computeIfAbsent(latency, k -> new ArrayList<>()).add(rate);
                    out.printf("  %s reference drain, provider %3d ms, run %d: %.0f msg/s%n", name, latency, run, rate);
                }
            }
            return rates;
        }

        List<Double> perfTestRates() throws Exception {
            List<Double> rates = new ArrayList<>();
            for (int run = 1; run <= options.repeat(); run++) {
                declarePerfTestQueue();
                Preloader.publish(factory, "", PERFTEST_QUEUE, "p" + run, options.messages());
                PerfTestProcess.Result result = PerfTestProcess.run(List.of(
                        "--uri", "amqp://guest:guest@" + options.host() + ":" + options.port() + "/" + URLEncoder.encode(currentVhost, "UTF-8"),
                        "--producers", "0", "--consumers", "1", "--queue", PERFTEST_QUEUE, "--predeclared",
                        "--qos", String.valueOf(options.prefetch()), "--cmessages", String.valueOf(options.messages()),
                        "--id", "drain-" + run), options.runDir().resolve("perftest.log"));
                rates.add(result.receiveRate());
                out.printf("  PerfTest drain, run %d: %.0f msg/s%n", run, result.receiveRate());
            }
            return rates;
        }

        /** Where the retry path's messages go: the first of {@code --sms.retry.delays=10m,20m,30m}. */
        private static final String FIRST_DELAY_QUEUE = Topology.delayQueue(Duration.ofMinutes(10));

        List<Double> retryRates() throws Exception {
            List<Double> rates = new ArrayList<>();
            provider.script(Script.always(Answer.unavailable()));
            for (int run = 1; run <= options.repeat(); run++) {
                // Long delays: nothing comes back from the delay queue while the drain is timed. The breaker
                // would open after a few failures and spare the provider every later call; held shut, every
                // message makes its failing call, which is the path being measured. Its window is just longer
                // than the drain: resilience4j keeps one 32-byte record per call of the window, and a window of
                // 1,000,000 held 36 MiB live, which read as the retry path's own memory (75-90 MiB after a full
                // GC, 7 full GCs; 2026-11-30).
                String window = String.valueOf(options.messages() + 1);
                double rate = drainThroughWorker("retry-" + run, List.of("--sms.retry.delays=10m,20m,30m",
                        "--sms.routing.breaker.sliding-window=" + window, "--sms.routing.breaker.minimum-calls=" + window));
                rates.add(rate);
                out.printf("  retry path, run %d: %.0f msg/s into %s (depth now %d)%n", run, rate, FIRST_DELAY_QUEUE,
                        Amqp.depth(factory, FIRST_DELAY_QUEUE));
                purge(FIRST_DELAY_QUEUE);
            }
            return rates;
        }

        /** Preloads, starts a worker, waits for one call per message; returns calls/s from first to last. */
        private double drainThroughWorker(String label, List<String> extraArgs) throws Exception {
            return drain(label, true, () -> startWorker(provider, extraArgs, List.of(GcLog.flag(gcLog(label)))));
        }

        private Path gcLog(String label) {
            return options.runDir().resolve("gc-" + label + ".log");
        }

        /**
         * Preloads, starts what drains (sms-worker if {@code smsWorker}, else a reference worker), waits for one call
         * per message.
         */
        private double drain(String label, boolean smsWorker, Supplier<WorkerProcess> start) throws Exception {
            provider.log().clear();
            long callsBefore = provider.calls();
            Preloader.publish(factory, Topology.EXCHANGE, "send.transactional", "d" + label, options.messages());
            long peakKib = 0;
            double workerCpu;
            double brokerCpu;
            double harnessCpu;
            double gcCpu;
            double jitCpu;
            List<Long> brokers = ProcessCpu.brokerPids();
            Path gcLogFile = gcLog(label);
            double readySeconds;
            try (WorkerProcess worker = start.get()) {
                readySeconds = readiness.getLast();
                // CPU from readiness on: the drain, not the start-up.
                double workerStart = ProcessCpu.seconds(worker.pid());
                double gcStart = ProcessCpu.gcSeconds(worker.pid());
                double jitStart = ProcessCpu.jitSeconds(worker.pid());
                double brokerStart = ProcessCpu.seconds(brokers);
                double harnessStart = ProcessCpu.seconds(ProcessHandle.current().pid());
                // At least 200 msg/s, or 10 minutes: a long drain on a busy machine must not be cut short.
                long deadline = System.nanoTime() + Math.max(Duration.ofMinutes(10).toNanos(),
                        Duration.ofSeconds(options.messages() / 200).toNanos());
                while (provider.calls() - callsBefore < options.messages() && System.nanoTime() < deadline) {
                    peakKib = Math.max(peakKib, worker.rssKib());
                    Thread.sleep(100);
                }
                peakKib = Math.max(peakKib, worker.rssKib());
                workerCpu = ProcessCpu.seconds(worker.pid()) - workerStart;
                gcCpu = ProcessCpu.gcSeconds(worker.pid()) - gcStart;
                jitCpu = ProcessCpu.jitSeconds(worker.pid()) - jitStart;
                brokerCpu = ProcessCpu.seconds(brokers) - brokerStart;
                harnessCpu = ProcessCpu.seconds(ProcessHandle.current().pid()) - harnessStart;
            }
            if (smsWorker) {
                rssPeaksKib.add(peakKib);
            }
            long done = provider.calls() - callsBefore;
            if (done < options.messages()) {
                out.printf("    INCOMPLETE: %d of %d messages before the drain's deadline; figures are per message done%n",
                        done, options.messages());
            }
            double perMessage = 1e6 / Math.max(1, done);
            // The JIT's share apart: a short drain from a cold JVM spends much of its CPU compiling, which a
            // long-running worker pays once (the second-half rate is read for the same reason).
            out.printf("    CPU per message: worker %.0f µs (JIT compilers %.0f of it), broker %.0f µs, harness (fake provider) %.0f µs; worker RSS peak %d MiB%n",
                    workerCpu * perMessage, jitCpu * perMessage, brokerCpu * perMessage, harnessCpu * perMessage, peakKib / 1024);
            // GC CPU: what the collector's threads used (ProcessCpu.gcSeconds). Pause wall time is not CPU: on a
            // loaded machine a pause also lasts while the collecting thread waits for a core, so it is printed apart.
            String gcCpuShare = String.format("GC CPU %.1f s = %.0f%% of the worker's CPU", gcCpu, 100 * gcCpu / workerCpu);
            String gcSummary = gcCpuShare + ", no GC log";
            if (Files.exists(gcLogFile)) {
                GcLog gc = GcLog.read(gcLogFile).since(readySeconds);
                out.printf("    GC during the drain: %s (pause wall time); %s%n", gc.summary(), gcCpuShare);
                gcSummary = gcCpuShare + ", " + gc.summary();
            }
            double rate = firstToLastRate(provider);
            drainSummaries.add(String.format("%s: %.0f msg/s, CPU µs/msg worker %.0f broker %.0f, RSS peak %d MiB, %s",
                    label, rate, workerCpu * perMessage, brokerCpu * perMessage, peakKib / 1024, gcSummary));
            return rate;
        }

        /**
         * Calls per second over the second half of the drain: the first half includes the JIT warming
         * up on two busy cores, which a long-running worker pays once. Both are printed.
         */
        private double firstToLastRate(FakeTwilio provider) {
            List<Long> arrivals = new ArrayList<>();
            for (String id : provider.log().ids()) {
                provider.log().calls(id).forEach(call -> arrivals.add(call.arrivedNanos()));
            }
            long[] sorted = Stats.sorted(arrivals);
            int n = sorted.length;
            if (n < 2) {
                // An empty drain (a worker that never consumed) is reported, not a crash of the whole run.
                out.printf("    no rate: %d call(s) reached the provider%n", n);
                return 0;
            }
            double whole = (n - 1) / ((sorted[n - 1] - sorted[0]) / 1e9);
            double secondHalf = (n - 1 - n / 2) / ((sorted[n - 1] - sorted[n / 2]) / 1e9);
            out.printf("    whole drain %.0f msg/s (from a cold JVM), second half %.0f msg/s%n", whole, secondHalf);
            return secondHalf;
        }

        private void declarePerfTestQueue() throws Exception {
            try (Connection connection = Amqp.connect(factory, "bench-declare"); Channel channel = connection.createChannel()) {
                channel.queueDelete(PERFTEST_QUEUE);
                // The same arguments as sms.send, so the broker does the same work per message.
                channel.queueDeclare(PERFTEST_QUEUE, true, false, false, Map.of("x-queue-type", "quorum",
                        "x-dead-letter-exchange", Topology.FAILED_EXCHANGE, "x-dead-letter-strategy", "at-least-once",
                        "x-overflow", "reject-publish"));
            }
        }

        private void purge(String queue) throws Exception {
            try (Connection connection = Amqp.connect(factory, "bench-purge"); Channel channel = connection.createChannel()) {
                channel.queuePurge(queue);
            }
        }
    }

    /** Publish-to-provider latency at half of each drain's peak, next to PerfTest's publish-to-consume latency at the same rate. */
    private final class LatencyRuns {
        private final ConnectionFactory factory;
        private final FakeTwilio provider;

        LatencyRuns(ConnectionFactory factory, FakeTwilio provider, String vhost) {
            this.factory = factory;
            this.provider = provider;
        }

        /**
         * At a quarter and at half of each drain's peak, for the 0 ms and the slowest provider; the lean reference
         * (when it ran) at half of its own peak, the issue's comparison.
         */
        void run(Map<Integer, List<Double>> peaks, Map<Integer, List<Double>> leanPeaks) throws Exception {
            out.println();
            out.println("latency (publish -> provider call; PerfTest: publish -> consume at the same rate, queue type, prefetch and size):");
            int slowest = peaks.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            for (var entry : peaks.entrySet()) {
                if (entry.getKey() != 0 && entry.getKey() != slowest) {
                    continue;
                }
                for (double share : new double[]{0.25, 0.5}) {
                    double rate = Stats.mean(entry.getValue()) * share;
                    for (int run = 1; run <= options.repeat(); run++) {
                        provider.script(Script.always(Answer.created(entry.getKey())));
                        String prefix = "l" + entry.getKey() + "-" + (int) (share * 100) + "-" + run;
                        long[] worker = latencies(rate, prefix, true, gcLogFile -> startWorker(provider, List.of(), List.of(GcLog.flag(gcLogFile))));
                        PerfTestProcess.Result perfTest = perfTestLatency(rate, run);
                        out.printf("  provider %3d ms, %2.0f%% of peak = %5.0f msg/s, run %d: worker p50 %s p90 %s p99 %s max %s"
                                        + " | PerfTest p50 %.1f ms p99 %.1f ms | worker p99 minus PerfTest p99: %.1f ms%n",
                                entry.getKey(), share * 100, rate, run, Stats.millis(Stats.percentile(worker, 50)),
                                Stats.millis(Stats.percentile(worker, 90)), Stats.millis(Stats.percentile(worker, 99)),
                                Stats.millis(Stats.percentile(worker, 100)), perfTest.latencyMedianMicros() / 1e3,
                                perfTest.latency99Micros() / 1e3, (Stats.percentile(worker, 99) / 1e3 - perfTest.latency99Micros()) / 1e3);
                        if (share == 0.5 && leanPeaks.containsKey(entry.getKey())) {
                            double leanRate = Stats.mean(leanPeaks.get(entry.getKey())) * share;
                            // Lean at half of its own peak (the issue's comparison), then at the worker's rate: the
                            // same I/O at the same rate is what tells the worker's own share of the tail apart from
                            // what the broker, the collector and two shared cores give any worker.
                            String[] labels = {"50% of its peak", "the worker's rate"};
                            double[] rates = {leanRate, rate};
                            for (int window = 0; window < labels.length; window++) {
                                long[] lean = latencies(rates[window], "lean" + window + "-" + prefix, false, gcLogFile -> startLean(provider, gcLogFile));
                                out.printf("  provider %3d ms, lean reference at %s = %5.0f msg/s, run %d: p50 %s p90 %s p99 %s max %s%n",
                                        entry.getKey(), labels[window], rates[window], run, Stats.millis(Stats.percentile(lean, 50)),
                                        Stats.millis(Stats.percentile(lean, 90)), Stats.millis(Stats.percentile(lean, 99)),
                                        Stats.millis(Stats.percentile(lean, 100)));
                            }
                        }
                    }
                }
            }
        }

        /**
         * A fresh worker ({@code start} with its GC log file; sms-worker if {@code smsWorker}, whose RSS counts in the
         * summary) is first warmed up at the measured rate until its JIT has settled ({@link #warmUp}: C2 needs
         * thousands of calls of each method, and a compile on a busy core is itself a stall), and the queue drains; then {@code rate} is
         * published for the measured seconds. Returns publish-to-provider-call latencies of the measured messages,
         * sorted, and prints what the worker's collector did meanwhile: a serial pause stops every send, so a tail
         * made of pauses has a p99 close to the longest of them.
         */
        private long[] latencies(double rate, String prefix, boolean smsWorker, Function<Path, WorkerProcess> start) throws Exception {
            provider.log().clear();
            PacedPublisher publisher = new PacedPublisher(prefix, (int) (rate * options.latencySeconds()) + 1);
            Path gcLogFile = options.runDir().resolve("gc-latency-" + prefix + ".log");
            int warmed;
            int sent;
            long peakKib;
            double fromUptime;
            double toUptime;
            double cpuSeconds;
            double jitSeconds;
            Map<String, Long> switches;
            try (WorkerProcess worker = start.apply(gcLogFile)) {
                warmed = warmUp(worker, rate, prefix);
                provider.log().clear();
                fromUptime = uptimeSeconds(worker);
                double cpuBefore = ProcessCpu.seconds(worker.pid());
                double jitBefore = ProcessCpu.jitSeconds(worker.pid());
                Map<String, Long> switchesBefore = ProcessCpu.voluntaryContextSwitchesByThread(worker.pid());
                sent = publisher.run(factory, rate, Duration.ofSeconds(options.latencySeconds()));
                awaitAccepted(sent);
                toUptime = uptimeSeconds(worker);
                cpuSeconds = ProcessCpu.seconds(worker.pid()) - cpuBefore;
                jitSeconds = ProcessCpu.jitSeconds(worker.pid()) - jitBefore;
                Map<String, Long> switched = new HashMap<>(ProcessCpu.voluntaryContextSwitchesByThread(worker.pid()));
                switchesBefore.forEach((thread, count) -> switched.merge(thread, -count, Long::sum));
                switches = switched;
                peakKib = worker.rssKib();
            }
            if (smsWorker) {
                rssPeaksKib.add(peakKib);
            }
            List<GcLog.Pause> pauses = GcLog.read(gcLogFile).since(fromUptime).pauses().stream()
                    .filter(pause -> pause.uptimeSeconds() <= toUptime).toList();
            // The JIT's share apart: a compile still running in the window is CPU the message path does not cost.
            out.printf("    measured window: %d messages after %d of warm-up; worker CPU %.0f µs/msg (%.0f%% of a core, JIT %.0f µs/msg), %.1f thread switches/msg (%s); "
                            + "%d GC pauses (%d full), longest %.0f ms, %.0f ms in all; load %s%n",
                    sent, warmed, 1e6 * cpuSeconds / Math.max(1, sent), 100 * cpuSeconds / (toUptime - fromUptime),
                    1e6 * jitSeconds / Math.max(1, sent), switches.values().stream().mapToLong(Long::longValue).sum() / (double) Math.max(1, sent),
                    perMessage(switches, sent),
                    pauses.size(), pauses.stream().filter(GcLog.Pause::full).count(),
                    pauses.stream().mapToDouble(GcLog.Pause::millis).max().orElse(0),
                    pauses.stream().mapToDouble(GcLog.Pause::millis).sum(), Machine.loadAverage());
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < sent; i++) {
                List<Long> sends = provider.log().sends(publisher.id(i));
                if (!sends.isEmpty()) {
                    latencies.add(sends.getFirst() - publisher.publishedAt(i));
                }
            }
            return Stats.sorted(latencies);
        }

        /** Seconds since the worker's JVM started, the clock of its GC log. */
        private static double uptimeSeconds(WorkerProcess worker) {
            Instant started = ProcessHandle.of(worker.pid()).flatMap(process -> process.info().startInstant()).orElseThrow();
            return Duration.between(started, Instant.now()).toMillis() / 1000.0;
        }

        /** The five kinds of thread that switched most, with their switches per message: {@code name 1.2, ...}. */
        private static String perMessage(Map<String, Long> switches, int messages) {
            return switches.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                    .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / (double) Math.max(1, messages)))
                    .collect(Collectors.joining(", "));
        }

        /**
         * Publishes rounds of {@link #WARM_UP_ROUND_SECONDS} at {@code rate} until the worker is warm (see
         * {@link #WARM_UP_MESSAGES}), each round drained before the next; prints how long it took and what the JIT
         * used in the last round. Returns the messages published.
         */
        private int warmUp(WorkerProcess worker, double rate, String prefix) throws Exception {
            int perRound = (int) Math.max(1, rate * WARM_UP_ROUND_SECONDS);
            int warmed = 0;
            double lastJitShare = 1;
            long started = System.nanoTime();
            for (int round = 0; ; round++) {
                double jitBefore = ProcessCpu.jitSeconds(worker.pid());
                long roundStarted = System.nanoTime();
                PacedPublisher warmUp = new PacedPublisher(prefix + "w" + round, perRound);
                warmed += warmUp.run(factory, rate, Duration.ofSeconds(WARM_UP_ROUND_SECONDS));
                awaitAccepted(warmed);
                lastJitShare = (ProcessCpu.jitSeconds(worker.pid()) - jitBefore) / ((System.nanoTime() - roundStarted) / 1e9);
                boolean enough = warmed >= WARM_UP_MESSAGES && lastJitShare < JIT_SETTLED_SHARE;
                if (enough || System.nanoTime() - started > Duration.ofSeconds(WARM_UP_MAX_SECONDS).toNanos()) {
                    break;
                }
            }
            out.printf("    warm-up: %d messages in %.0f s; the JIT used %.0f%% of a core in its last %d s%n",
                    warmed, (System.nanoTime() - started) / 1e9, 100 * lastJitShare, WARM_UP_ROUND_SECONDS);
            return warmed;
        }

        private void awaitAccepted(int count) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (provider.log().accepted() < count && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        private PerfTestProcess.Result perfTestLatency(double rate, int run) throws Exception {
            return PerfTestProcess.run(List.of(
                    "--uri", "amqp://guest:guest@" + options.host() + ":" + options.port() + "/" + URLEncoder.encode(currentVhost, "UTF-8"),
                    "--producers", "1", "--consumers", "1", "--queue", "perftest.latency", "--auto-delete", "false",
                    "--queue-args", "x-queue-type=quorum", "--flag", "persistent", "--rate", String.valueOf((int) rate),
                    "--qos", String.valueOf(options.prefetch()), "--size", String.valueOf(Preloader.request("l-0000000").length),
                    "--time", String.valueOf(options.latencySeconds()), "--id", "latency-" + run), options.runDir().resolve("perftest.log"));
        }
    }
}
