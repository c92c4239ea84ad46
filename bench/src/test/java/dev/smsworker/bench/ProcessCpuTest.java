package dev.smsworker.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness's GC share is the CPU of the threads it takes for the collector's, found by name in
 * /proc/<pid>/task: if a JDK renamed them, the share would silently read 0%. A child JVM with the worker's
 * collector runs 200 full collections, then waits; its collector threads must have used CPU by then.
 */
class ProcessCpuTest {

    private static final String COLLECTING = """
            public class Collecting {
                public static void main(String[] args) throws Exception {
                    Object[] keep = new Object[10_000];
                    for (int i = 0; i < 200; i++) {
                        for (int j = 0; j < keep.length; j++) {
                            keep[j] = new byte[1024];
                        }
                        System.gc();
                    }
                    System.out.println("collected");
                    System.in.read(); // stay alive until the test has looked
                }
            }
            """;

    @Test
    void countsTheSerialCollectorsCpuOnTheVmThread(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("Collecting.java");
        Files.writeString(source, COLLECTING);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xmx64m", source.toString()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("collected");

            double gc = ProcessCpu.gcSeconds(child.pid());
            double all = ProcessCpu.seconds(child.pid());

            assertThat(gc).as("CPU of the collector's threads after 200 full GCs, s").isPositive();
            assertThat(gc).as("at most the whole process's CPU, s").isLessThanOrEqualTo(all);
            // The source launcher compiled Collecting.java first, so the JIT compilers were busy too.
            assertThat(ProcessCpu.jitSeconds(child.pid())).as("CPU of the JIT compiler threads, s").isPositive();
        } finally {
            child.getOutputStream().close();
            child.destroy();
            child.waitFor();
        }
    }

    @Test
    void countsEveryThreadsVoluntarySwitches() throws Exception {
        long pid = ProcessHandle.current().pid();
        long before = ProcessCpu.voluntaryContextSwitches(pid);
        CountDownLatch slept = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        // 50 sleeps on a thread of this JVM: each gives up the core, so each is at least one voluntary switch. The
        // thread then stays alive until it has been read: an ended thread's switches leave /proc/<pid>/task with it.
        Thread sleeper = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < 50; i++) {
                    Thread.sleep(1);
                }
                slept.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(slept.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ProcessCpu.voluntaryContextSwitches(pid) - before)
                    .as("voluntary switches after a thread slept 50 times").isGreaterThanOrEqualTo(50);
        } finally {
            release.countDown();
            sleeper.join();
        }
    }
}
