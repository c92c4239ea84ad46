package dev.smsworker.bench.perf;

import dev.smsworker.testing.WorkerProcess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference worker (perf/lean, perf/spring) as a process of its own, started like the worker jar (same JDK,
 * readiness on {@code --server.port}, SIGTERM to stop) but from the bench jar, whose launcher runs {@code main}.
 */
final class ReferenceProcess {

    private ReferenceProcess() {
    }

    /**
     * @param benchJar {@code bench/target/sms-bench.jar} (the ZIP layout's PropertiesLauncher reads {@code loader.main})
     * @param jvmArgs  the JVM flags, the worker's for a fair comparison
     * @param args     the reference's own arguments ({@code LeanWorker.arguments}, {@code SpringWorker.arguments})
     */
    static WorkerProcess start(Path benchJar, Class<?> main, List<String> jvmArgs, List<String> args, Path logFile) {
        List<String> flags = new ArrayList<>(jvmArgs);
        flags.add("-Dloader.main=" + main.getName());
        return WorkerProcess.start(benchJar, flags, args, logFile);
    }
}
