package dev.smsworker.bench.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A RabbitMQ node of our own, next to the shared one, for faults that would break everyone else's
 * tests: restart, forced disconnects, memory alarm, freeze. It has its own node name, ports, data
 * and log directories, config file and (empty) plugin list, so nothing it does reaches the shared node.
 *
 * <p>On a Debian package install run as root, the node runs as the {@code rabbitmq} user with that
 * user's Erlang cookie (the package's scripts insist on it); otherwise as the current user.
 */
public final class ChaosNode implements AutoCloseable {

    private static final Path DEBIAN_SCRIPTS = Path.of("/usr/lib/rabbitmq/bin");
    private static final Path DEBIAN_HOME = Path.of("/var/lib/rabbitmq");

    private final String node;
    private final int amqpPort;
    private final int distPort;
    private final Path dir;
    private final boolean asRabbitmqUser;

    private ChaosNode(String name, int amqpPort, Path dir) {
        // The port is part of the name: two runs on different ports never stop each other's node.
        this.node = name + amqpPort + "@localhost";
        this.amqpPort = amqpPort;
        this.distPort = amqpPort + 20_000;
        this.dir = dir;
        this.asRabbitmqUser = isRoot() && Files.isDirectory(DEBIAN_HOME) && Files.isDirectory(DEBIAN_SCRIPTS);
    }

    /**
     * Starts a fresh node {@code <name><port>@localhost} (empty data directory) on {@code amqpPort},
     * stopping a leftover one of the same name first.
     */
    public static ChaosNode start(String name, int amqpPort) {
        ChaosNode node = new ChaosNode(name, amqpPort, Path.of(System.getProperty("java.io.tmpdir"), "sms-" + name + "-" + amqpPort));
        // rabbitmqctl boots an Erlang VM (2 s when quiet, 10-20 s at load 20-30): ask it to stop a leftover only
        // when one may be there, i.e. something answers on the node's AMQP or distribution port.
        if (listening(node.amqpPort) || listening(node.distPort)) {
            node.ctlQuietly("stop");
        }
        node.prepareDirectory();
        node.launch();
        return node;
    }

    public int amqpPort() {
        return amqpPort;
    }

    public String node() {
        return node;
    }

    private void prepareDirectory() {
        try {
            deleteRecursively(dir);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("rabbitmq.conf"), String.join("\n",
                    "listeners.tcp.default = 127.0.0.1:" + amqpPort,
                    "loopback_users = none",
                    "") , StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("enabled_plugins"), "[].\n", StandardCharsets.UTF_8);
            if (asRabbitmqUser) {
                run(List.of("chown", "-R", "rabbitmq:rabbitmq", dir.toString()), Duration.ofSeconds(10));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + dir, e);
        }
    }

    private void launch() {
        Map<String, String> env = new TreeMap<>();
        env.put("RABBITMQ_NODENAME", node);
        env.put("RABBITMQ_NODE_PORT", String.valueOf(amqpPort));
        env.put("RABBITMQ_DIST_PORT", String.valueOf(distPort));
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve("pid").toString());
        List<String> command = new ArrayList<>(prefix(env));
        command.add(script("rabbitmq-server"));
        command.add("-detached");
        // To a file, not a pipe: the detached VM inherits the descriptor and would keep a pipe open for ever.
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("launch.out").toFile())).start();
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot launch " + node + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        awaitStartup();
    }

    private void awaitStartup() {
        // One rabbitmqctl (one Erlang VM) that watches the pid file until the node has booted. await_startup fails at
        // once while the node is not reachable yet, so a loop of it started a VM per try (about 15 s each at load 20).
        // It waits for the pid file to appear too, so nothing is left for a loop of tries to catch.
        if (ctlQuietly("wait", dir.resolve("pid").toString(), "--timeout", "90") != 0) {
            throw new IllegalStateException("node " + node + " did not start; see " + dir.resolve("log"));
        }
    }

    /** {@code rabbitmqctl -n node args...}; fails on a non-zero exit. */
    public String ctl(String... args) {
        Result result = ctlResult(args);
        if (result.exit != 0) {
            throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " -> " + result.exit + ": " + result.output);
        }
        return result.output;
    }

    private int ctlQuietly(String... args) {
        return ctlResult(args).exit;
    }

    private Result ctlResult(String... args) {
        List<String> command = new ArrayList<>(prefix(Map.of()));
        command.add(script("rabbitmqctl"));
        command.add("-n");
        command.add(node);
        command.addAll(List.of(args));
        return run(command, Duration.ofSeconds(120));
    }

    /** Messages (ready + unacked) per queue of the default vhost. */
    public Map<String, Long> queueDepths() {
        Map<String, Long> depths = new TreeMap<>();
        for (String line : ctl("list_queues", "-q", "--no-table-headers", "name", "messages").split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2 && parts[1].matches("\\d+")) {
                depths.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        return depths;
    }

    /** The Erlang VM's OS pid, for SIGSTOP/SIGCONT. */
    public long beamPid() {
        try {
            return Long.parseLong(Files.readString(dir.resolve("pid")).strip());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("no pid file for " + node, e);
        }
    }

    public void freeze() {
        run(List.of("kill", "-STOP", String.valueOf(beamPid())), Duration.ofSeconds(5));
    }

    public void thaw() {
        run(List.of("kill", "-CONT", String.valueOf(beamPid())), Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        // SIGTERM to the node's own process: the Erlang runtime stops the node as `rabbitmqctl stop` would, without
        // booting a VM to say so. rabbitmqctl only if there is no pid to signal.
        try {
            ProcessHandle beam = ProcessHandle.of(beamPid()).orElseThrow();
            beam.destroy();
            beam.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            ctlQuietly("stop");
        }
        try {
            deleteRecursively(dir);
        } catch (IOException e) {
            // left for the next run to clear
        }
    }

    private List<String> prefix(Map<String, String> env) {
        List<String> prefix = new ArrayList<>();
        if (asRabbitmqUser) {
            prefix.addAll(List.of("runuser", "-u", "rabbitmq", "--", "env", "HOME=" + DEBIAN_HOME));
        } else {
            prefix.add("env");
        }
        env.forEach((name, value) -> prefix.add(name + "=" + value));
        return prefix;
    }

    private String script(String name) {
        Path debian = DEBIAN_SCRIPTS.resolve(name);
        return asRabbitmqUser || Files.isExecutable(debian) ? debian.toString() : name;
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            // Read before waiting: a full pipe would block the process.
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
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

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
