package dev.smsworker.bench.chaos;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.bench.Machine;
import dev.smsworker.bench.broker.Amqp;
import dev.smsworker.bench.broker.AmqpProxy;
import dev.smsworker.bench.broker.ChaosNode;
import dev.smsworker.bench.provider.FakeTwilio;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Topology;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The no-loss chaos run: N requests through the real worker process while faults are injected, then a
 * ledger of what became of each. Exit status 0 only when nothing was lost.
 */
public final class ChaosRun {

    /**
     * @param messages       requests to publish
     * @param port           AMQP port of the run's own RabbitMQ node
     * @param publishSeconds how long publishing is spread over (the faults run meanwhile)
     * @param gapSeconds     pause between faults
     * @param workerJvmArgs  the worker JVM's flags (none: the JVM's defaults)
     */
    public record Options(int messages, int port, int publishSeconds, int gapSeconds, Path workerJar, Path runDir,
                          List<String> workerJvmArgs) {

        public Options(int messages, int port, int publishSeconds, int gapSeconds, Path workerJar, Path runDir) {
            this(messages, port, publishSeconds, gapSeconds, workerJar, runDir, List.of());
        }
    }

    /** The worker's retry delays: short, so retried messages come back within the run. */
    static final List<Duration> DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    static final List<String> DELAY_QUEUES = DELAYS.stream().map(Topology::delayQueue).toList();
    private static final long READ_TIMEOUT_MILLIS = 2_000;

    private final Options options;
    private final PrintStream out;

    public ChaosRun(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs and prints the ledger; returns the process exit status. */
    public int run() throws Exception {
        FaultLog faultLog = new FaultLog(System.nanoTime());
        // Appended to by each worker of the run; the ledger reads it, so an earlier run's lines must go.
        Files.createDirectories(options.runDir());
        Files.deleteIfExists(options.runDir().resolve("worker.log"));
        out.printf("chaos run: %d messages over %d s, own RabbitMQ node on port %d, %s%n", options.messages(), options.publishSeconds(),
                options.port(), Machine.describe());
        try (ChaosNode node = ChaosNode.start("chaos", options.port());
             AmqpProxy proxy = new AmqpProxy("127.0.0.1", options.port());
             FakeTwilio provider = new FakeTwilio(ChaosScript.defaults(READ_TIMEOUT_MILLIS));
             Workers workers = new Workers(options.workerJar(), options.workerJvmArgs(), workerArguments(proxy, provider),
                     options.runDir().resolve("worker.log"))) {
            ConnectionFactory direct = Amqp.factory("127.0.0.1", options.port(), "/");
            Duration firstReady = workers.start(Duration.ofSeconds(120)).awaitReady(Duration.ofSeconds(1));
            out.printf("worker ready (log: %s)%n", options.runDir().resolve("worker.log"));

            List<Requests.Request> requests = Requests.make(options.messages());
            ChaosPublisher publisher = new ChaosPublisher(direct, requests, (double) options.messages() / options.publishSeconds());
            Thread publishing = Thread.ofPlatform().name("chaos-publisher").start(publisher);
            Thread watchdog = Thread.ofPlatform().daemon().name("chaos-watchdog").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    workers.watch();
                    sleep(1_000);
                }
            });

            Faults faults = new Faults(node, proxy, provider, workers, direct, DELAY_QUEUES);
            injectAll(faults, faultLog);
            publishing.join();
            out.printf("published %d (confirmed %d, %d republished by the harness after lost confirms)%n",
                    requests.size(), publisher.confirmed().size(), publisher.republished().size());

            Map<String, Long> left = settle(node, Duration.ofSeconds(300));
            watchdog.interrupt();
            workers.close();
            Map<String, List<Ledger.FailedCopy>> failed = readFailed(direct);

            Map<String, String> known = Ledger.knownAmbiguous(faults.cutIds(), publisher.republished());
            WorkerLog.ambiguousAttempts(options.runDir().resolve("worker.log")).forEach(known::putIfAbsent);
            Ledger ledger = Ledger.reconcile(requests.stream().map(Requests.Request::id).toList(), provider.log(), failed,
                    faultLog.all(), known);
            new ChaosReport(out, faultLog).print(ledger, provider.log(), left, workers.unexpectedExits(), workers.readiness());
            return ledger.anythingLost() || !ledger.unexpected().isEmpty() || pending(left) > 0 ? 1 : 0;
        }
    }

    private List<String> workerArguments(AmqpProxy proxy, FakeTwilio provider) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.rabbitmq.host=127.0.0.1",
                "--spring.rabbitmq.port=" + proxy.port(),
                "--spring.profiles.active=plain",
                "--sms.retry.delays=" + DELAYS.stream().map(Topology::delayLabel).collect(Collectors.joining(",")),
                "--sms.providers.twilio.read-timeout=" + READ_TIMEOUT_MILLIS + "ms",
                "--sms.providers.twilio.call-timeout=5s",
                "--sms.broker.startup-timeout=120s"));
        args.addAll(List.of(provider.workerArguments()));
        return args;
    }

    private void injectAll(Faults faults, FaultLog faultLog) {
        for (Faults.Step step : faults.all()) {
            sleep(options.gapSeconds() * 1_000L);
            long start = System.nanoTime();
            String note;
            try {
                note = step.action().run();
            } catch (Exception e) {
                note = "FAILED TO INJECT: " + e;
            }
            faultLog.add(step.name(), step.mayDuplicate(), start, note);
            out.printf("  [%6.1f s] %-45s %s%n", faultLog.secondsIntoRun(start), step.name(), note);
        }
    }

    /** Waits until every queue but sms.failed is empty (ready and unacked) three checks in a row. */
    private Map<String, Long> settle(ChaosNode node, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quiet = 0;
        Map<String, Long> depths = Map.of();
        while (System.nanoTime() < deadline && quiet < 3) {
            sleep(2_000);
            try {
                depths = node.queueDepths();
                quiet = pending(depths) == 0 ? quiet + 1 : 0;
            } catch (RuntimeException e) {
                quiet = 0;
            }
        }
        return depths;
    }

    static long pending(Map<String, Long> depths) {
        return depths.entrySet().stream().filter(e -> !e.getKey().equals(Topology.FAILED_QUEUE))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static Map<String, List<Ledger.FailedCopy>> readFailed(ConnectionFactory direct) {
        Map<String, List<Ledger.FailedCopy>> failed = new HashMap<>();
        for (GetResponse message : Amqp.drain(direct, Topology.FAILED_QUEUE)) {
            String id = message.getProps().getMessageId();
            String reason = Amqp.header(message, Headers.ERROR_MESSAGE);
            failed.computeIfAbsent(id == null ? "<no id>" : id, k -> new ArrayList<>()).add(new Ledger.FailedCopy(
                    Amqp.header(message, Headers.ERROR_CLASS), Amqp.header(message, Headers.ERROR_CODE), reason));
        }
        return failed;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
