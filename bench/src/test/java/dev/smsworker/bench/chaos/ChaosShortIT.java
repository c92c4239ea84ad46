package dev.smsworker.bench.chaos;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos run's short version for CI: 2,000 messages through the real worker jar while every fault
 * of the full run is injected, on a RabbitMQ node of its own (port 5683), never the shared one.
 * Needs the rabbitmq-server package (its scripts start the node) and root or the rabbitmq user.
 */
class ChaosShortIT {

    @Test
    void twoThousandMessagesThroughEveryFaultAndNoneIsLost() throws Exception {
        Path jar = Path.of(System.getProperty("sms.worker.jar", "../worker/target/sms-worker.jar"));
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new TeeStream(report, System.out), true, StandardCharsets.UTF_8);

        int exit = new ChaosRun(new ChaosRun.Options(2_000, 5683, 160, 3, jar, Path.of("target/runs/chaos-it")), out).run();

        String text = report.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("RESULT: no loss").contains("NOT explained: 0)").doesNotContain("FAILED TO INJECT");
        assertThat(exit).isZero();
    }
}
