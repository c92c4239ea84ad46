package dev.smsworker.ops.observability;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.fail;

/**
 * Finds the Prometheus tools the tests run. They are required, not optional: a missing tool fails
 * the test with the command that installs it, so CI can't go green without having checked the rules.
 */
final class Executables {

    private Executables() {
    }

    static Path promtool() {
        return require("promtool", "PROMTOOL");
    }

    static Path prometheus() {
        return require("prometheus", "PROMETHEUS");
    }

    private static Path require(String name, String overrideVariable) {
        String override = System.getenv(overrideVariable);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return onPath(name).orElseGet(() -> fail(name + " is not installed (not on PATH, " + overrideVariable
                + " not set). The observability tests need it: on Debian/Ubuntu `apt-get install -y prometheus` "
                + "provides both prometheus and promtool."));
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
