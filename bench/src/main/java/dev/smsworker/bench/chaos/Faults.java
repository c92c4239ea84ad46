package dev.smsworker.bench.chaos;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.smsworker.bench.broker.Amqp;
import dev.smsworker.bench.broker.AmqpProxy;
import dev.smsworker.bench.broker.ChaosNode;
import dev.smsworker.bench.provider.FakeTwilio;
import dev.smsworker.contracts.Topology;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The faults of a chaos run, in the order they are injected. Each one waits until the worker is
 * ready again before it returns, and records what happened in the {@link FaultLog}.
 */
final class Faults {

    /** One fault: its name, whether it can make a send ambiguous, and how to inject it. */
    record Step(String name, boolean mayDuplicate, Action action) {
    }

    @FunctionalInterface
    interface Action {
        /** Injects the fault and waits for recovery; returns a note for the report. */
        String run() throws Exception;
    }

    private static final Duration RECOVERY = Duration.ofSeconds(90);
    /** How long a delay queue may take to empty by its TTL once unbound, and the worker to declare it again. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);
    private static final Duration REDECLARE_LIMIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(500);

    private final ChaosNode node;
    private final AmqpProxy proxy;
    private final FakeTwilio provider;
    private final Workers workers;
    private final ConnectionFactory admin;
    private final List<String> delayQueues;
    private final Set<String> cutIds = ConcurrentHashMap.newKeySet();

    Faults(ChaosNode node, AmqpProxy proxy, FakeTwilio provider, Workers workers, ConnectionFactory admin, List<String> delayQueues) {
        this.node = node;
        this.proxy = proxy;
        this.provider = provider;
        this.workers = workers;
        this.admin = admin;
        this.delayQueues = delayQueues;
    }

    List<Step> all() {
        return List.of(
                new Step("provider outage 6s", true, this::providerOutage),
                new Step("close_all_connections", true, this::closeAllConnections),
                new Step("worker SIGKILL + restart", true, this::killWorker),
                new Step("cut between republish and confirm (x3)", true, this::cutRepublishes),
                new Step("broker restart (stop_app/start_app)", true, this::restartBroker),
                new Step("memory alarm 8s (watermark 0)", true, this::memoryAlarm),
                new Step("worker SIGTERM + restart", false, this::terminateWorker),
                new Step("delay queue unbound 8s", false, this::unbindDelayQueue),
                new Step("delay queue deleted, redeclared on reconnect", true, this::deleteDelayQueue),
                new Step("broker frozen 30s (SIGSTOP/SIGCONT)", true, this::freezeBroker),
                new Step("network cut (all worker connections)", true, this::severConnections));
    }

    private String providerOutage() throws InterruptedException {
        provider.outage(Duration.ofSeconds(6));
        return "connections refused for 6 s";
    }

    private String closeAllConnections() {
        node.ctl("close_all_connections", "chaos run");
        return recovered();
    }

    private String killWorker() {
        long pid = workers.current().pid();
        workers.kill();
        Duration ready = workers.start(RECOVERY).awaitReady(RECOVERY);
        return "killed pid " + pid + "; new worker ready in " + seconds(ready);
    }

    private String terminateWorker() {
        long pid = workers.current().pid();
        int exit = workers.terminate();
        Duration ready = workers.start(RECOVERY).awaitReady(RECOVERY);
        return "pid " + pid + " exited " + exit + " after draining; new worker ready in " + seconds(ready);
    }

    private String cutRepublishes() throws InterruptedException, ExecutionException {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            var cut = proxy.cutAfterNextPublish(exchange -> Topology.isDelayQueue(exchange)
                    || exchange.equals(Topology.FAILED_EXCHANGE), Requests::idIn);
            try {
                String id = cut.get(30, TimeUnit.SECONDS);
                cutIds.add(id);
                ids.append(ids.isEmpty() ? "" : ", ").append(id);
            } catch (TimeoutException e) {
                proxy.disarm();
                ids.append(ids.isEmpty() ? "" : ", ").append("(no republish within 30 s)");
            }
            recovered();
        }
        return "cut right after the republish of " + ids;
    }

    /** Messages whose republish the proxy cut before its confirm: a second copy is their documented outcome. */
    Set<String> cutIds() {
        return cutIds;
    }

    private String restartBroker() throws InterruptedException {
        node.ctl("stop_app");
        Thread.sleep(3_000);
        node.ctl("start_app");
        return recovered();
    }

    private String memoryAlarm() throws InterruptedException {
        node.ctl("set_vm_memory_high_watermark", "0");
        Thread.sleep(8_000);
        node.ctl("set_vm_memory_high_watermark", "0.4");
        return recovered();
    }

    private String unbindDelayQueue() throws IOException, TimeoutException, InterruptedException {
        String queue = delayQueues.get(1 % delayQueues.size());
        try (Connection connection = Amqp.connect(admin, "chaos-admin"); Channel channel = connection.createChannel()) {
            channel.queueUnbind(queue, queue, "");
            Thread.sleep(8_000);
            channel.queueBind(queue, queue, "");
        }
        return queue + " unbound from its exchange for 8 s, then bound again";
    }

    private String freezeBroker() throws InterruptedException {
        node.freeze();
        try {
            Thread.sleep(30_000);
        } finally {
            node.thaw();
        }
        return recovered();
    }

    private String severConnections() {
        int count = proxy.severAll();
        return count + " connections cut at TCP level; " + recovered();
    }

    /**
     * Deleting a queue that holds messages destroys them by the operator's hand, which no worker can
     * prevent; so the queue is unbound first, left to drain by its TTL, and deleted once empty (quorum
     * queues refuse delete's if-empty flag, so emptiness is checked first). A forced reconnect must then
     * make the worker declare it again: Spring's RabbitAdmin declares the topology whenever the
     * publishing connection opens, which it does again on the first publish after the reconnect.
     */
    private String deleteDelayQueue() throws IOException, TimeoutException, InterruptedException {
        String queue = delayQueues.getFirst();
        boolean deleted = false;
        try (Connection connection = Amqp.connect(admin, "chaos-admin"); Channel channel = connection.createChannel()) {
            channel.queueUnbind(queue, queue, "");
            // Unbound, nothing enters it any more; once empty it holds nothing to destroy. Asked over AMQP (a
            // passive declare; a delay queue has no consumers, so its ready count is all it holds), not with
            // rabbitmqctl list_queues, which boots an Erlang VM: 13 s a call at load 20, 400 s of one run.
            long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
            while (!deleted && System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
                if (Amqp.depth(admin, queue) == 0) {
                    channel.queueDelete(queue);
                    deleted = true;
                }
            }
        }
        Thread.sleep(5_000);
        node.ctl("close_all_connections", "redeclare check");
        String recovered = recovered();
        // A passive declare fails (depth -1) until the worker has declared the queue again.
        long deadline = System.nanoTime() + REDECLARE_LIMIT.toNanos();
        boolean back = Amqp.depth(admin, queue) >= 0;
        while (!back && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            back = Amqp.depth(admin, queue) >= 0;
        }
        return queue + (deleted ? " deleted" : " NOT deleted (never empty)") + " for 5 s; " + recovered
                + "; redeclared by the worker: " + (back ? "yes" : "NO");
    }

    /** The worker notices a fault within a few seconds (readiness goes down), then recovers. */
    private String recovered() {
        Duration down = workers.awaitNotReady(Duration.ofSeconds(5));
        Duration up = workers.awaitReady(RECOVERY);
        return (down == null ? "readiness stayed up; " : "") + "worker ready again in " + seconds(up);
    }

    private static String seconds(Duration duration) {
        return duration == null ? "NEVER (timed out)" : String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
