package dev.smsworker.bench;

import dev.smsworker.bench.chaos.ChaosRun;
import dev.smsworker.bench.chaos.ClusterRun;
import dev.smsworker.bench.fuzz.FuzzRun;
import dev.smsworker.bench.perf.MemoryCheck;
import dev.smsworker.bench.perf.PerfRun;
import dev.smsworker.bench.receipts.ReceiptsRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the harnesses: {@code chaos}, {@code cluster}, {@code fuzz}, {@code perf}, {@code memory}, {@code receipts}. Options are {@code --name value}.
 * Run from the repository root (the scripts in bench/ do that), so the worker jar is found.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: chaos|cluster|fuzz|perf|memory|receipts [--name value ...]");
            System.exit(2);
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        Path jar = Path.of(options.getOrDefault("worker-jar", System.getProperty("sms.worker.jar", "worker/target/sms-worker.jar")));
        Path runDir = Path.of("bench/target/runs", args[0] + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        int exit = switch (args[0]) {
            case "chaos" -> new ChaosRun(new ChaosRun.Options(
                    intOption(options, "messages", 20_000), intOption(options, "port", 5673),
                    intOption(options, "publish-seconds", 200), intOption(options, "gap-seconds", 5), jar, runDir), System.out).run();
            case "cluster" -> new ClusterRun(new ClusterRun.Options(
                    intOption(options, "messages", 20_000), intOption(options, "workers", 3), intOption(options, "provider-millis", 200),
                    Boolean.parseBoolean(options.getOrDefault("faults", "true")),
                    options.getOrDefault("addresses", "127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703"),
                    Path.of(options.getOrDefault("cluster-script", "bin/cluster")),
                    options.getOrDefault("dedup-prefix", "sms-cluster-run:" + System.nanoTime() + ":"),
                    intOption(options, "publish-seconds", 60), intOption(options, "rate-limit", 0), Map.of(), jar, runDir),
                    System.out).run();
            case "fuzz" -> new FuzzRun(new FuzzRun.Options(
                    intOption(options, "per-category", 500), intOption(options, "seed", 42), intOption(options, "port", 5675),
                    jvmArgs(options), jar, runDir), System.out).run();
            case "memory" -> memory(new MemoryCheck(jar, perfJvmArgs(options),
                    options.getOrDefault("host", "127.0.0.1"), intOption(options, "port", 5672),
                    options.getOrDefault("management", "http://127.0.0.1:15672"), runDir), intOption(options, "messages", 20_000));
            case "perf" -> perf(options, jar, runDir);
            case "receipts" -> new ReceiptsRun(intList(options.getOrDefault("callers", "1,16,64")),
                    intOption(options, "requests", 3_000), intOption(options, "warm-up", 300), perfJvmArgs(options),
                    options.getOrDefault("host", "127.0.0.1"), intOption(options, "port", 5672),
                    options.getOrDefault("management", "http://127.0.0.1:15672"), jar, runDir, System.out).run();
            default -> {
                System.err.println("unknown harness " + args[0]);
                yield 2;
            }
        };
        System.exit(exit);
    }

    /**
     * The short drains (every part asked for, {@code --messages}, default 30,000), then in the same invocation the
     * steady-state drain (issue 16): {@code --steady-messages} (default 300,000; 0 skips it) at a 0 ms provider,
     * once, through sms-worker and, where asked for, the lean reference and PerfTest. Spring, the retry path and
     * the latency runs belong to the short part only.
     */
    private static int perf(Map<String, String> options, Path jar, Path runDir) throws Exception {
        List<String> parts = wordList(options.getOrDefault("only", "").replace(',', ' '));
        int exit = new PerfRun(perfOptions(options, intOption(options, "messages", 30_000),
                intList(options.getOrDefault("latencies", "0,50,200")), intOption(options, "repeat", 2), parts, jar, runDir),
                System.out).run();
        int steady = intOption(options, "steady-messages", 300_000);
        if (exit != 0 || steady <= 0) {
            return exit;
        }
        // "steady" names no part, so only the worker drains unless lean or perftest are listed beside it.
        List<String> steadyParts = new ArrayList<>(List.of("steady"));
        for (String reference : List.of("lean", "perftest")) {
            if (parts.isEmpty() || parts.contains(reference)) {
                steadyParts.add(reference);
            }
        }
        System.out.printf("%nsteady state: %,d messages per drain, 0 ms provider%n", steady);
        return new PerfRun(perfOptions(options, steady, List.of(0), 1, steadyParts, jar, Path.of(runDir + "-steady")),
                System.out).run();
    }

    private static PerfRun.Options perfOptions(Map<String, String> options, int messages, List<Integer> latencies, int repeat,
                                               List<String> parts, Path jar, Path runDir) throws IOException {
        return new PerfRun.Options(messages, latencies, repeat, perfJvmArgs(options),
                wordList(options.getOrDefault("worker-args", "")),
                intOption(options, "prefetch", 1000), intOption(options, "spring-consumers", intOption(options, "prefetch", 1000)),
                intOption(options, "latency-seconds", 20), parts,
                Boolean.parseBoolean(options.getOrDefault("aot", String.valueOf(Runtime.version().feature() >= 25))),
                intOption(options, "aot-training-messages", PerfRun.AOT_TRAINING_MESSAGES),
                options.getOrDefault("host", "127.0.0.1"), intOption(options, "port", 5672),
                options.getOrDefault("management", "http://127.0.0.1:15672"), jar, runDir);
    }

    /** Prints what {@code MemoryShortIT} checks, for any message count and JVM flags. */
    private static int memory(MemoryCheck check, int messages) throws Exception {
        MemoryCheck.Result result = check.run(messages);
        System.out.printf("memory, %d messages, worker JVM %s: %s; live when ready %d MiB, after the drain %d MiB; %d 'sms sent' lines; exit %d%n",
                messages, check.jvmArgs(), result.gc().summary(), result.liveBeforeMiB(), result.liveAfterMiB(), result.sentLogLines(), result.exitCode());
        System.out.printf("load average: %s%n", Machine.loadAverage());
        return 0;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    /** {@code --jvm "-Xmx256m -XX:+UseSerialGC"}: flags for the worker's JVM. */
    private static List<String> jvmArgs(Map<String, String> options) {
        return wordList(options.getOrDefault("jvm", ""));
    }

    /** The worker as shipped: bin/sms-worker's flags from worker/jvm.options, unless --jvm says otherwise. */
    private static List<String> perfJvmArgs(Map<String, String> options) throws IOException {
        Path shipped = Path.of("worker/jvm.options");
        if (options.containsKey("jvm") || !Files.exists(shipped)) {
            return jvmArgs(options);
        }
        return wordList(Files.readString(shipped));
    }

    private static List<String> wordList(String words) {
        return words.isBlank() ? List.of() : List.of(words.strip().split("\\s+"));
    }

    private static List<Integer> intList(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

    private static int intOption(Map<String, String> options, String name, int defaultValue) {
        return options.containsKey(name) ? Integer.parseInt(options.get(name).replace("_", "").replace(",", "")) : defaultValue;
    }
}
