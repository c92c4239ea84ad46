package dev.smsworker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A Spring Boot jar run the way the worker ships: extracted ({@code java -Djarmode=tools -jar app.jar extract}), its
 * libraries plain jars on the class path, so classes and resources are read by the JDK's own loaders.
 *
 * <p>Why: run as one nested jar, Boot's loader reads every class and resource under one monitor per nested jar. A
 * virtual thread reading a resource there (libphonenumber's metadata on a region's first number) can unmount while
 * it holds that monitor, and virtual threads that wait for it while loading a class pin their carriers (JEP 491's
 * remaining case): with two cores both carriers were pinned and the worker hung for good after its start, healthy to
 * every probe (thread dump of 2026-12-01 in the issue 16 notes). Each test JVM extracts a jar once, into a folder of
 * its own beside it.
 */
public final class ExtractedJar {

    private static final Map<Path, Path> EXTRACTED = new ConcurrentHashMap<>();

    private ExtractedJar() {
    }

    /**
     * The extracted jar to run for {@code jar}; {@code jar} itself when it is not a Boot jar launched by
     * {@code JarLauncher} (already extracted, or the harness's own jar, whose {@code PropertiesLauncher} reads
     * {@code -Dloader.main} to start a reference worker: extracted, that choice would be lost).
     */
    static Path of(Path jar) {
        if (!isLaunchedByJarLauncher(jar)) {
            return jar;
        }
        return EXTRACTED.computeIfAbsent(jar.toAbsolutePath().normalize(), ExtractedJar::extract);
    }

    private static boolean isLaunchedByJarLauncher(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest != null && String.valueOf(manifest.getMainAttributes().getValue("Main-Class")).endsWith(".JarLauncher");
        } catch (IOException e) {
            return false;
        }
    }

    private static Path extract(Path jar) {
        Path dir = jar.resolveSibling(jar.getFileName() + ".extracted-" + ProcessHandle.current().pid());
        try {
            deleteRecursively(dir);
            Path extracted = extract(jar, dir, Path.of("/dev/null"), Duration.ofMinutes(5));
            // This JVM's copy goes with it (best effort): a suite's test JVMs would otherwise leave 45 MB each.
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                try {
                    deleteRecursively(dir);
                } catch (IOException | RuntimeException e) {
                    // left in target/ for the next clean
                }
            }));
            return extracted;
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract " + jar, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting " + jar, e);
        }
    }

    /**
     * Boot's jar tool with this JVM's JDK: {@code java -Djarmode=tools -jar fatJar extract --force --destination dir}.
     *
     * @param log     where the tool's output goes
     * @param timeout how long the tool may take
     * @return the extracted jar to run, {@code dir/<fatJar's file name>}
     * @throws IllegalStateException when the tool fails, takes longer than {@code timeout} or writes no jar
     */
    public static Path extract(Path fatJar, Path dir, Path log, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Process process = new ProcessBuilder(WorkerProcess.javaCommand(), "-Djarmode=tools", "-jar", fatJar.toAbsolutePath().toString(),
                "extract", "--force", "--destination", dir.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("extracting " + fatJar + " failed; see " + log);
        }
        Path extracted = dir.resolve(fatJar.getFileName());
        if (!Files.exists(extracted)) {
            throw new IllegalStateException("extracting " + fatJar + " wrote no " + extracted);
        }
        return extracted;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
