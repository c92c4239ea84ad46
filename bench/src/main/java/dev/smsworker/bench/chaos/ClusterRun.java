package dev.smsworker.bench.chaos;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.bench.Machine;
import dev.smsworker.bench.broker.Amqp;
import dev.smsworker.bench.provider.Answer;
import dev.smsworker.bench.provider.CallLog;
import dev.smsworker.bench.provider.FakeTwilio;
import dev.smsworker.bench.provider.Script;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Topology;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The scale-out run: N requests published with confirms through the three-node cluster of {@code bin/cluster},
 * several worker processes (Redis sent-id record and, with a rate limit, the Redis rate budget) against a fake
 * Twilio answering after a fixed delay, and,
 * unless {@code faults} is off, one RabbitMQ node stopped and started again and one worker killed with SIGKILL
 * and restarted. Then the chaos run's ledger. Exit status 0 only when nothing was lost or left unexplained.
 *
 * @see <a href="../../../../../../../README.md">README, "Running several workers"</a>
 */
public final class ClusterRun {

    /**
     * @param messages        requests to publish
     * @param workers         worker processes (the first declares the topology before the others start)
     * @param providerMillis  the fake provider's answer delay in milliseconds
     * @param faults          whether to stop a node and kill a worker while it runs
     * @param addresses       {@code host:port,...} of the cluster's AMQP listeners
     * @param clusterScript   {@code bin/cluster}, whose {@code ctl N args} runs rabbitmqctl against node N
     * @param dedupPrefix     Redis key prefix of this run's sent-id record
     * @param publishSeconds  how long publishing is spread over
     * @param rateLimit       the provider's shared limit in sends a second (Redis rate budget), 0 for none
     * @param clusterEnv      environment for {@code clusterScript} (a second cluster's folder, ports, node names)
     * @param workerJvmArgs   the worker JVMs' flags (none: the JVM's defaults)
     */
    public record Options(int messages, int workers, int providerMillis, boolean faults, String addresses, Path clusterScript,
                          String dedupPrefix, int publishSeconds, int rateLimit, Map<String, String> clusterEnv,
                          Path workerJar, Path runDir, List<String> workerJvmArgs) {

        public Options(int messages, int workers, int providerMillis, boolean faults, String addresses, Path clusterScript,
                       String dedupPrefix, int publishSeconds, int rateLimit, Map<String, String> clusterEnv,
                       Path workerJar, Path runDir) {
            this(messages, workers, providerMillis, faults, addresses, clusterScript, dedupPrefix, publishSeconds, rateLimit,
                    clusterEnv, workerJar, runDir, List.of());
        }
    }

    private static final int STOPPED_NODE = 2;
    private static final int IN_FLIGHT_WITH_RATE_LIMIT = 32;
    private static final int CONTROL_NODE = 1;
    /** The queues the workers consume: the three lanes. */
    private static final List<String> LANES = List.of(Topology.OTP_QUEUE, Topology.SEND_QUEUE, Topology.UNROUTED_QUEUE);

    private final Options options;
    private final PrintStream out;
    /** Node 1 alone (never stopped), for the harness's own reads. */
    private final ConnectionFactory controlNode;

    public ClusterRun(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        Address control = Address.parseAddresses(options.addresses())[CONTROL_NODE - 1];
        this.controlNode = clusterFactory(control.getHost() + ":" + control.getPort());
    }

    /** Runs and prints the ledger and figures; returns the process exit status. */
    public int run() throws Exception {
        FaultLog faultLog = new FaultLog(System.nanoTime());
        out.printf("cluster run: %d messages over %d s, %d workers, provider answers in %d ms, faults %s, cluster %s, %s%n",
                options.messages(), options.publishSeconds(), options.workers(), options.providerMillis(),
                options.faults() ? "on" : "off", options.addresses(), Machine.describe());
        ConnectionFactory cluster = clusterFactory(options.addresses());
        List<Workers> workers = new ArrayList<>();
        try (FakeTwilio provider = new FakeTwilio(Script.always(Answer.created(options.providerMillis())))) {
            for (int i = 1; i <= options.workers(); i++) {
                workers.add(new Workers(options.workerJar(), options.workerJvmArgs(), workerArguments(provider),
                        options.runDir().resolve("worker-" + i + ".log")));
            }
            // The first one declares the topology; the others find it, and start side by side.
            workers.getFirst().start(Duration.ofSeconds(180));
            List<Thread> starts = workers.subList(1, workers.size()).stream()
                    .map(worker -> Thread.ofPlatform().start(() -> worker.start(Duration.ofSeconds(180)))).toList();
            for (Thread start : starts) {
                start.join();
            }
            out.printf("%d workers ready (logs: %s)%n", workers.size(), options.runDir());
            int consumersBefore = awaitConsumers(Duration.ofSeconds(60));

            List<Requests.Request> requests = Requests.make(options.messages());
            ChaosPublisher publisher = new ChaosPublisher(cluster, requests, (double) options.messages() / options.publishSeconds());
            long publishStart = System.nanoTime();
            Thread publishing = Thread.ofPlatform().name("cluster-publisher").start(publisher);
            Thread watchdog = Thread.ofPlatform().daemon().name("cluster-watchdog").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    workers.forEach(Workers::watch);
                    sleep(1_000);
                }
            });

            Duration failover = null;
            CompletableFuture<Void> successor = null;
            if (options.faults()) {
                Faulted faulted = injectAll(workers.getLast(), faultLog, consumersBefore);
                failover = faulted.failover();
                successor = faulted.successor();
            }
            publishing.join();
            out.printf("published %d (confirmed %d, %d republished by the harness after lost confirms, %d reconnects)%n",
                    requests.size(), publisher.confirmed().size(), publisher.republished().size(), publisher.reconnects());

            Map<String, Long> left = settle(Duration.ofSeconds(600));
            long drained = System.nanoTime();
            if (successor != null) {
                successor.join(); // a successor that failed to start fails the run, as it did before
            }
            watchdog.interrupt();
            closeAll(workers);
            Map<String, List<Ledger.FailedCopy>> failed = readFailed(cluster);

            Ledger ledger = Ledger.reconcile(requests.stream().map(Requests.Request::id).toList(), provider.log(), failed,
                    faultLog.all(), Ledger.knownAmbiguous(Set.of(), publisher.republished()));
            List<String> exits = workers.stream().flatMap(w -> w.unexpectedExits().stream()).toList();
            List<Duration> readiness = workers.stream().flatMap(w -> w.readiness().stream()).toList();
            new ChaosReport(out, faultLog).print(ledger, provider.log(), left, exits, readiness);
            printFigures(provider, publishStart, drained, failover, consumersBefore);
            return ledger.anythingLost() || ledger.unexplainedDuplicates() > 0 || !ledger.unexpected().isEmpty()
                    || ChaosRun.pending(left) > 0 ? 1 : 0;
        } finally {
            closeAll(workers);
        }
    }

    /** SIGTERM to every worker at once, and waits for each drain: one after the other they only add up. */
    private static void closeAll(List<Workers> workers) throws InterruptedException {
        List<Thread> closing = workers.stream().map(worker -> Thread.ofPlatform().start(worker::close)).toList();
        for (Thread thread : closing) {
            thread.join();
        }
    }

    private List<String> workerArguments(FakeTwilio provider) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.rabbitmq.addresses=" + options.addresses(),
                "--spring.profiles.active=plain",
                "--sms.dedup.store=redis",
                "--sms.dedup.redis.key-prefix=" + options.dedupPrefix(),
                // On a 2-core machine shared by many builds, Redis and the fake provider answer late; the defaults
                // (500 ms, 5 s) then turn slowness into requeues and read-timeout retries, which are not what this run measures.
                "--sms.dedup.redis.timeout=2s",
                "--sms.retry.delays=1s,2s,4s",
                "--sms.providers.twilio.read-timeout=15s",
                "--sms.providers.twilio.call-timeout=20s",
                // One call per attempt (the fake provider never refuses a connection): the claim timeout, derived
                // from the longest attempt, is then 30 s, and a killed worker's messages wait no longer than that.
                "--sms.retry.connect-attempts=1",
                "--sms.broker.startup-timeout=120s"));
        if (options.rateLimit() > 0) {
            args.addAll(List.of("--sms.routing.rate-limits.twilio=" + options.rateLimit(),
                    // Each send in flight takes its permit from the one Redis bucket by compare-and-swap: with the
                    // default (up to the prefetch, 1,000 per lane) thousands contend for one key, Bucket4j's requests
                    // time out and almost no permit is granted (67 sends in 90 s with 3 workers at load 17). A
                    // latency-bound provider needs only rate x latency in flight (200/s x 0.2 s = 40 over all workers).
                    "--sms.consumer.max-in-flight=" + IN_FLIGHT_WITH_RATE_LIMIT,
                    "--sms.routing.rate-limits.store=redis",
                    "--sms.routing.rate-limits.redis.key-prefix=" + options.dedupPrefix() + "rate:",
                    "--sms.routing.rate-limits.redis.timeout=2s"));
        }
        args.addAll(List.of(provider.workerArguments()));
        return args;
    }

    /** The failover time (null when the consumers were not back in time) and the thread starting the killed worker's successor. */
    private record Faulted(Duration failover, CompletableFuture<Void> successor) {
    }

    /**
     * Stops node 2, measures how long the consumers take to be back, starts it again, kills a worker and starts
     * its successor. The successor starts beside the rest of the run (its readiness is logged when it comes):
     * the killed worker's messages wait for their claims to time out meanwhile, and waiting for the successor
     * first only made the run longer.
     */
    private Faulted injectAll(Workers victim, FaultLog faultLog, int consumersBefore) {
        long gapMillis = Math.max(2_000, options.publishSeconds() * 1_000L / 5);
        sleep(gapMillis);
        long start = System.nanoTime();
        String note = ctlQuietly(STOPPED_NODE, "stop_app");
        // rabbitmqctl itself takes seconds on a busy machine: report when the node was down apart from the move.
        double stopSeconds = (System.nanoTime() - start) / 1e9;
        Duration failover = awaitConsumersBack(consumersBefore, start, Duration.ofSeconds(120));
        note += String.format("; stop_app returned after %.1f s", stopSeconds) + (failover == null ? "; consumers NOT back within 120 s"
                : String.format("; all %d consumers back %.1f s after stop_app began", consumersBefore, failover.toMillis() / 1000.0));
        faultLog.add("stop_app on node " + STOPPED_NODE, true, start, note);
        log(faultLog, start, "stop_app on node " + STOPPED_NODE, note);

        sleep(gapMillis);
        start = System.nanoTime();
        note = ctlQuietly(STOPPED_NODE, "start_app");
        faultLog.add("start_app on node " + STOPPED_NODE, true, start, note);
        log(faultLog, start, "start_app on node " + STOPPED_NODE, note);

        sleep(gapMillis);
        long killed = System.nanoTime();
        long pid = victim.current().pid();
        victim.kill();
        CompletableFuture<Void> successor = CompletableFuture.runAsync(() -> {
            Duration ready = victim.start(Duration.ofSeconds(180)).awaitReady(Duration.ofSeconds(1));
            String killNote = "pid " + pid + " killed; successor ready " + ready.toMillis() + " ms after its start";
            faultLog.add("SIGKILL a worker, restart it", true, killed, killNote);
            log(faultLog, killed, "SIGKILL a worker, restart it", killNote);
        }, task -> Thread.ofPlatform().name("cluster-successor").start(task));
        return new Faulted(failover, successor);
    }

    private void log(FaultLog faultLog, long start, String name, String note) {
        out.printf("  [%6.1f s] %-45s %s%n", faultLog.secondsIntoRun(start), name, note);
    }

    /** Waits until the consumer count is at least {@code expected} again; the time since {@code since}, or null. */
    private Duration awaitConsumersBack(int expected, long since, Duration timeout) {
        // The count drops when the node's connections go; wait for the drop first so a slow stop is not read as "back".
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean dropped = false;
        while (System.nanoTime() < deadline) {
            int now = consumers();
            if (now >= 0 && now < expected) {
                dropped = true;
            } else if (dropped && now >= expected) {
                return Duration.ofNanos(System.nanoTime() - since);
            } else if (!dropped && System.nanoTime() - since > Duration.ofSeconds(20).toNanos() && now >= expected) {
                return Duration.ofNanos(System.nanoTime() - since); // no consumer was on the stopped node
            }
            sleep(200);
        }
        return null;
    }

    /** Waits until consumers are registered and the count is stable for three checks; returns it. */
    private int awaitConsumers(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        int stable = 0;
        while (System.nanoTime() < deadline && stable < 3) {
            sleep(1_000);
            int now = consumers();
            stable = now > 0 && now == last ? stable + 1 : 0;
            last = now;
        }
        out.printf("%d consumers registered on the lanes%n", last);
        return last;
    }

    /**
     * Consumers on the worker's lanes, as node 1 answers a passive queue.declare (the queue's own count, from
     * its leader); -1 when it does not answer. Over AMQP, not rabbitmqctl: each rabbitmqctl call boots an
     * Erlang VM (2 s on a quiet machine, 10 s at load 20), which made every poll here that slow.
     */
    private int consumers() {
        try (Connection connection = controlNode.newConnection("cluster-harness-consumers");
             Channel channel = connection.createChannel()) {
            int total = 0;
            for (String lane : LANES) {
                total += channel.queueDeclarePassive(lane).getConsumerCount();
            }
            return total;
        } catch (IOException | TimeoutException | RuntimeException e) {
            return -1;
        }
    }

    /** Waits until every queue but sms.failed is empty three checks in a row. */
    private Map<String, Long> settle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quiet = 0;
        Map<String, Long> depths = Map.of();
        while (System.nanoTime() < deadline && quiet < 3) {
            sleep(1_000);
            Result result = ctl(CONTROL_NODE, "list_queues", "-q", "--no-table-headers", "name", "messages");
            if (result.exit() != 0) {
                quiet = 0;
                continue;
            }
            Map<String, Long> now = new TreeMap<>();
            for (String line : result.output().split("\n")) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length == 2 && parts[1].matches("\\d+")) {
                    now.put(parts[0], Long.parseLong(parts[1]));
                }
            }
            depths = now;
            quiet = ChaosRun.pending(depths) == 0 ? quiet + 1 : 0;
        }
        return depths;
    }

    private void printFigures(FakeTwilio provider, long publishStart, long drained, Duration failover, int consumers) {
        var calls = provider.log();
        double seconds = (calls.lastAcceptedNanos() - calls.firstAcceptedNanos()) / 1e9;
        out.println();
        out.println("FIGURES");
        out.printf("  workers %d, provider delay %d ms, %d consumers%n", options.workers(), options.providerMillis(), consumers);
        out.printf("  provider accepted %d in %.1f s: %.0f/s (first to last accepted send)%n", calls.accepted(), seconds,
                seconds > 0 ? calls.accepted() / seconds : 0);
        out.printf("  publish start to drained: %.1f s%n", (drained - publishStart) / 1e9);
        if (options.faults()) {
            out.printf("  consumers back on the other nodes after stop_app: %s%n",
                    failover == null ? "NOT within 120 s" : String.format("%.2f s", failover.toMillis() / 1000.0));
        }
        if (options.rateLimit() > 0) {
            out.printf("  provider's busiest second: %d accepted, shared limit %d/s (bucket burst %d)%n",
                    busiestSecond(calls), options.rateLimit(), options.rateLimit());
        } else {
            out.printf("  provider's busiest second: %d accepted (no rate limit)%n", busiestSecond(calls));
        }
        out.printf("  load average: %s%n", Machine.loadAverage());
    }

    /** The most sends the provider accepted within any one second, counted where they arrived. */
    static int busiestSecond(CallLog calls) {
        List<Long> arrivals = calls.ids().stream().flatMap(id -> calls.calls(id).stream())
                .filter(call -> call.answer().accepted()).map(CallLog.Call::arrivedNanos).sorted().toList();
        int busiest = 0;
        for (int from = 0, to = 0; from < arrivals.size(); from++) {
            while (to < arrivals.size() && arrivals.get(to) - arrivals.get(from) < 1_000_000_000L) {
                to++;
            }
            busiest = Math.max(busiest, to - from);
        }
        return busiest;
    }

    private Map<String, List<Ledger.FailedCopy>> readFailed(ConnectionFactory cluster) {
        Map<String, List<Ledger.FailedCopy>> failed = new HashMap<>();
        for (GetResponse message : Amqp.drain(cluster, Topology.FAILED_QUEUE)) {
            String id = message.getProps().getMessageId();
            failed.computeIfAbsent(id == null ? "<no id>" : id, k -> new ArrayList<>()).add(new Ledger.FailedCopy(
                    Amqp.header(message, Headers.ERROR_CLASS), Amqp.header(message, Headers.ERROR_CODE),
                    Amqp.header(message, Headers.ERROR_MESSAGE)));
        }
        return failed;
    }

    /** A factory whose plain {@code newConnection(name)} tries the cluster's nodes in turn. */
    static ConnectionFactory clusterFactory(String addresses) {
        Address[] all = Address.parseAddresses(addresses);
        ConnectionFactory factory = new ConnectionFactory() {
            @Override
            public Connection newConnection(String clientProvidedName) throws IOException, TimeoutException {
                return newConnection(List.of(all), clientProvidedName);
            }
        };
        factory.setHost(all[0].getHost());
        factory.setPort(all[0].getPort());
        factory.setVirtualHost("/");
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setConnectionTimeout(5_000);
        factory.setRequestedHeartbeat(10);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setMaxInboundMessageBodySize(Topology.MAX_MESSAGE_BYTES);
        return factory;
    }

    private record Result(int exit, String output) {
    }

    private String ctlQuietly(int node, String... args) {
        Result result = ctl(node, args);
        return result.exit() == 0 ? "ok" : "rabbitmqctl exit " + result.exit() + ": " + result.output().strip();
    }

    /** {@code bin/cluster ctl N args}: rabbitmqctl -n sms-cN@localhost with the cluster's own cookie. */
    private Result ctl(int node, String... args) {
        List<String> command = new ArrayList<>(List.of(options.clusterScript().toString(), "ctl", String.valueOf(node)));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(options.clusterEnv());
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
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
