package dev.smsworker.bench.perf;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RabbitMQ's PerfTest (com.rabbitmq:perf-test) as a separate JVM, like the worker, from the bench jar:
 * its consume rate on the same queue type, prefetch and message size is what the broker allows here.
 */
final class PerfTestProcess {

    /** What PerfTest reported. Rates in msg/s, latencies in microseconds (-1 when not reported). */
    record Result(double receiveRate, long latencyMedianMicros, long latency99Micros, String summary) {
    }

    private static final Pattern RECEIVE_RATE = Pattern.compile("receiving rate avg: ([0-9.]+) msg/s");
    // e.g. "consumer latency min/median/75th/95th/99th 2144/4286/5352/7380/9544 µs"
    private static final Pattern LATENCY = Pattern.compile("consumer latency min/median/75th/95th/99th (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+) ");

    private PerfTestProcess() {
    }

    static Result run(List<String> args, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-cp", benchJar(), "-Dloader.main=com.rabbitmq.perf.PerfTest",
                "org.springframework.boot.loader.launch.PropertiesLauncher"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        String text = new String(output, StandardCharsets.UTF_8);
        Files.writeString(log, String.join(" ", command) + "\n" + text, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Matcher rate = RECEIVE_RATE.matcher(text);
        Matcher latency = LATENCY.matcher(text);
        long median = -1;
        long p99 = -1;
        String summary = "";
        while (latency.find()) { // the last line is the run's summary
            median = Long.parseLong(latency.group(2));
            p99 = Long.parseLong(latency.group(5));
            summary = latency.group();
        }
        return new Result(rate.find() ? Double.parseDouble(rate.group(1)) : -1, median, p99, summary);
    }

    /** The bench jar this harness was started from ({@code java -jar bench/target/sms-bench.jar}). */
    private static String benchJar() {
        return System.getProperty("java.class.path").split(File.pathSeparator)[0];
    }
}
