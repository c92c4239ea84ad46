package dev.smsworker.ops.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The worker's executable jar, built when missing or older than its sources. ops never depends on the
 * worker's code; its tests run the worker the way production does, as a separate process from its jar.
 * A full {@code ./mvnw verify} builds the worker before ops; {@code -pl ops -am} does not, hence the build here.
 */
final class WorkerJar {

    private static Path checked;

    private WorkerJar() {
    }

    static synchronized Path path() {
        if (checked == null) {
            Path root = Path.of(System.getProperty("sms.repository.root", "..")).toAbsolutePath().normalize();
            Path jar = root.resolve("worker/target/sms-worker.jar");
            if (stale(root, jar)) {
                build(root);
            }
            checked = jar;
        }
        return checked;
    }

    private static boolean stale(Path root, Path jar) {
        if (!Files.exists(jar)) {
            return true;
        }
        try {
            FileTime built = Files.getLastModifiedTime(jar);
            for (Path source : List.of(root.resolve("worker/src/main"), root.resolve("contracts/src/main"),
                    root.resolve("pom.xml"), root.resolve("worker/pom.xml"), root.resolve("contracts/pom.xml"))) {
                try (Stream<Path> files = Files.walk(source)) {
                    if (files.anyMatch(file -> newer(file, built))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean newer(Path file, FileTime than) {
        try {
            return Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(than) > 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static void build(Path root) {
        Path log = root.resolve("ops/target/worker-build.log");
        try {
            Files.createDirectories(log.getParent());
            Process build = new ProcessBuilder(root.resolve("mvnw").toString(), "-q", "-B", "-DskipTests", "-pl", "worker", "-am", "package")
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!build.waitFor(10, TimeUnit.MINUTES) || build.exitValue() != 0) {
                build.destroyForcibly();
                throw new IllegalStateException("building the worker jar failed; see " + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + root.resolve("mvnw"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
