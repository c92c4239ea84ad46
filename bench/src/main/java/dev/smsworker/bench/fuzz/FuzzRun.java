package dev.smsworker.bench.fuzz;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.bench.Machine;
import dev.smsworker.bench.broker.Amqp;
import dev.smsworker.bench.broker.ChaosNode;
import dev.smsworker.bench.provider.Answer;
import dev.smsworker.bench.provider.FakeTwilio;
import dev.smsworker.bench.provider.Script;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Topology;
import dev.smsworker.testing.WorkerProcess;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The bad-input run: thousands of malformed messages through the real worker process. Every message
 * must end in sms.failed with a reason (or be sent, if it was valid after all), the worker must keep
 * consuming, and its memory must stay bounded.
 */
public final class FuzzRun {

    /** @param perCategory cases of each generated category (the fixed ones come on top) */
    public record Options(int perCategory, long seed, int port, List<String> jvmArgs, Path workerJar, Path runDir) {
    }

    /** 10 MB messages left waiting for a worker: 500 MB, all within one prefetch of 500. */
    private static final int BACKLOG_MESSAGES = 50;

    private final Options options;
    private final PrintStream out;

    public FuzzRun(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public int run() throws Exception {
        out.printf("fuzz run: seed %d, own RabbitMQ node on port %d, worker JVM flags %s, %s%n", options.seed(), options.port(),
                options.jvmArgs().isEmpty() ? "(none)" : options.jvmArgs(), Machine.describe());
        FuzzCases generator = new FuzzCases(options.seed());
        List<FuzzCase> cases = generator.build(options.perCategory());
        try (ChaosNode node = ChaosNode.start("fuzz", options.port());
             FakeTwilio provider = new FakeTwilio(Script.always(Answer.created(1)), FuzzRun::fuzzIdIn)) {
            ConnectionFactory direct = Amqp.factory("127.0.0.1", options.port(), "/");
            WorkerProcess worker = WorkerProcess.start(options.workerJar(), options.jvmArgs(), workerArguments(provider),
                    options.runDir().resolve("worker.log"));
            worker.awaitReady(Duration.ofSeconds(120));
            Thread.sleep(3_000);
            Sampler sampler = new Sampler(worker, null);
            Thread sampling = Thread.ofPlatform().daemon().name("fuzz-sampler").start(sampler);

            Map<String, String> unpublishable = publish(direct, cases);
            boolean settled = settle(node, Duration.ofSeconds(300));
            sampling.interrupt();
            int firstExit = worker.terminate(Duration.ofSeconds(60));

            // A backlog of big messages while no worker runs: on start, the client takes in a prefetch's worth at once.
            List<FuzzCase> backlog = generator.backlog(BACKLOG_MESSAGES);
            Map<String, String> backlogRefused = publish(direct, backlog);
            unpublishable.putAll(backlogRefused);
            worker = WorkerProcess.start(options.workerJar(), options.jvmArgs(), workerArguments(provider), options.runDir().resolve("worker.log"));
            Sampler backlogSampler = new Sampler(worker, worker.awaitReady(Duration.ofSeconds(120)));
            Thread backlogSampling = Thread.ofPlatform().daemon().name("fuzz-sampler-backlog").start(backlogSampler);
            settled &= settle(node, Duration.ofSeconds(300));

            List<FuzzCase> finalControls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                finalControls.add(generator.control());
            }
            publish(direct, finalControls);
            boolean controlsSent = awaitSent(provider, finalControls, Duration.ofSeconds(60));
            backlogSampling.interrupt();
            int exit = worker.terminate(Duration.ofSeconds(60));

            List<FuzzCase> all = new ArrayList<>(cases);
            all.addAll(backlog);
            all.addAll(finalControls);
            FuzzLedger ledger = FuzzLedger.reconcile(all, unpublishable, provider.log(), readFailed(direct));
            FuzzReport report = new FuzzReport(out);
            report.print(ledger, sampler, settled, controlsSent, firstExit == 0 && exit == 0 ? 0 : Math.max(firstExit, exit), worker.logFile());
            report.printBacklog(BACKLOG_MESSAGES, backlogSampler);
            return ledger.clean() && settled && controlsSent && sampler.notReadySamples() == 0 ? 0 : 1;
        }
    }

    private List<String> workerArguments(FakeTwilio provider) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.rabbitmq.host=127.0.0.1",
                "--spring.rabbitmq.port=" + options.port(),
                "--spring.profiles.active=plain"));
        args.addAll(List.of(provider.workerArguments()));
        return args;
    }

    /** Publishes each case with a confirm; returns the cases the client or broker refused, with why. */
    private Map<String, String> publish(ConnectionFactory factory, List<FuzzCase> cases) throws Exception {
        Map<String, String> refused = new LinkedHashMap<>();
        Connection connection = null;
        Channel channel = null;
        for (FuzzCase fuzzCase : cases) {
            try {
                if (channel == null || !channel.isOpen()) {
                    if (connection == null || !connection.isOpen()) {
                        connection = Amqp.connect(factory, "fuzz-publisher");
                    }
                    channel = connection.createChannel();
                    channel.confirmSelect();
                }
                channel.basicPublish(Topology.EXCHANGE, fuzzCase.routingKey(), fuzzCase.properties(), fuzzCase.body());
                channel.waitForConfirmsOrDie(60_000);
            } catch (Exception e) {
                refused.put(fuzzCase.id(), rootMessage(e));
                channel = null;
            }
        }
        if (connection != null && connection.isOpen()) {
            connection.close();
        }
        return refused;
    }

    /** Mutations may move the id from the start of the text; it is found anywhere in it. */
    static String fuzzIdIn(String text) {
        var matcher = Pattern.compile("fz-\\d{6}").matcher(text);
        return matcher.find() ? matcher.group() : FakeTwilio.firstWord(text);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 160 ? message.substring(0, 160) + "..." : message;
    }

    private static boolean settle(ChaosNode node, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quiet = 0;
        while (System.nanoTime() < deadline && quiet < 3) {
            Thread.sleep(2_000);
            long pending = node.queueDepths().entrySet().stream().filter(e -> !e.getKey().equals(Topology.FAILED_QUEUE))
                    .mapToLong(Map.Entry::getValue).sum();
            quiet = pending == 0 ? quiet + 1 : 0;
        }
        return quiet >= 3;
    }

    private static boolean awaitSent(FakeTwilio provider, List<FuzzCase> controls, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (controls.stream().allMatch(c -> !provider.log().sends(c.id()).isEmpty())) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Every copy in sms.failed, by fuzz id, with its reason: the worker's headers, or the broker's x-death. */
    private static Map<String, List<String>> readFailed(ConnectionFactory factory) {
        Map<String, List<String>> failed = new HashMap<>();
        for (GetResponse message : Amqp.drain(factory, Topology.FAILED_QUEUE)) {
            String id = Amqp.header(message, FuzzCase.ID_HEADER);
            if (id == null) {
                id = String.valueOf(message.getProps().getMessageId());
            }
            failed.computeIfAbsent(id, k -> new ArrayList<>()).add(reason(message));
        }
        return failed;
    }

    private static String reason(GetResponse message) {
        String errorClass = Amqp.header(message, Headers.ERROR_CLASS);
        if (errorClass != null && Amqp.header(message, Headers.ERROR_MESSAGE) != null) {
            return errorClass + "/" + Amqp.header(message, Headers.ERROR_CODE);
        }
        Object xDeath = message.getProps().getHeaders() == null ? null : message.getProps().getHeaders().get("x-death");
        if (xDeath instanceof List<?> deaths && !deaths.isEmpty() && deaths.getFirst() instanceof Map<?, ?> death) {
            return "broker x-death: " + death.get("reason");
        }
        return null;
    }
}
