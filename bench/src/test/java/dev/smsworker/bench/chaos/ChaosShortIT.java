package dev.smsworker.bench.chaos;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos run's short version for CI: 2,000 messages through the real worker jar while every fault
 * of the full run is injected, on a RabbitMQ node of its own (port 5683), never the shared one.
 * Needs the rabbitmq-server package (its scripts start the node) and root or the rabbitmq user.
 */
class ChaosShortIT {

    /**
     * C1 only: a worker's start then takes about 40% less CPU (7.2 s of user time instead of 12.5 s, measured at
     * load 20 on 2026-11-30), and worker starts (three in this run, four in ClusterShortIT's, 50-180 s each at load
     * 20-30) are most of these runs' time on a busy machine. What they prove, no message lost, does not depend on
     * the JIT. The runs' command-line versions (sms-bench chaos, cluster) keep the JVM's defaults.
     */
    static final List<String> WORKER_JVM = List.of("-XX:TieredStopAtLevel=1");

    @Test
    void twoThousandMessagesThroughEveryFaultAndNoneIsLost() throws Exception {
        Path jar = Path.of(System.getProperty("sms.worker.jar", "../worker/target/sms-worker.jar"));
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new TeeStream(report, System.out), true, StandardCharsets.UTF_8);

        int exit = new ChaosRun(new ChaosRun.Options(2_000, 5683, 160, 3, jar, Path.of("target/runs/chaos-it"), WORKER_JVM), out).run();

        String text = report.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("RESULT: no loss").contains("NOT explained: 0)").doesNotContain("FAILED TO INJECT");
        assertThat(exit).isZero();
    }
}
