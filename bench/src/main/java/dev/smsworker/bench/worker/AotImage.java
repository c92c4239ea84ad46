package dev.smsworker.bench.worker;

import dev.smsworker.testing.ExtractedJar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker jar prepared for a fast start with JDK 25's ahead-of-time cache (JEP 483/514): Spring
 * Boot's jar extracted to plain jars (the cache can't use nested jars), then a training run that
 * writes the cache when it exits. Later starts with {@code -XX:AOTCache} find their classes loaded
 * and linked already.
 */
public final class AotImage {

    private final Path jar;
    private final Path cache;

    private AotImage(Path jar, Path cache) {
        this.jar = jar;
        this.cache = cache;
    }

    /**
     * Extracts {@code fatJar} into {@code dir}, then runs {@code training} on a worker started from
     * it with {@code jvmArgs} plus the cache output flag; the cache is written when that worker exits.
     */
    public static AotImage prepare(Path fatJar, List<String> jvmArgs, Path dir, Training training) throws IOException, InterruptedException {
        Path jar = ExtractedJar.extract(fatJar, dir, dir.resolve("extract.log"), Duration.ofMinutes(2));
        Path cache = dir.resolve("worker.aot");
        Files.deleteIfExists(cache);
        List<String> trainingArgs = new ArrayList<>(jvmArgs);
        trainingArgs.add("-XX:AOTCacheOutput=" + cache.toAbsolutePath());
        training.run(jar, trainingArgs);
        if (!Files.exists(cache)) {
            throw new IllegalStateException("the training run wrote no AOT cache at " + cache);
        }
        return new AotImage(jar, cache);
    }

    /** Starts a worker from {@code jar} with {@code jvmArgs}, gives it work, and stops it with SIGTERM. */
    @FunctionalInterface
    public interface Training {
        void run(Path jar, List<String> jvmArgs) throws IOException, InterruptedException;
    }

    public Path jar() {
        return jar;
    }

    /** The JVM flags that use the cache; the others must be the training run's. */
    public List<String> jvmArgs(List<String> base) {
        List<String> args = new ArrayList<>(base);
        args.add("-XX:AOTCache=" + cache.toAbsolutePath());
        return args;
    }
}
