package dev.smsworker.ops.observability;

import java.time.Duration;
import java.util.Map;

/** How long the worker may take to stop, read from its application.yml: orchestrators must wait longer. */
final class ShutdownBudget {

    private ShutdownBudget() {
    }

    static Duration workerShutdownPhase() {
        Map<String, Object> config = RepoFiles.yaml("worker/src/main/resources/application.yml");
        return duration(RepoFiles.at(config, "spring", "lifecycle", "timeout-per-shutdown-phase"));
    }

    /** "45s", "2m", "500ms" as Spring and Compose write them. */
    static Duration duration(Object value) {
        String text = String.valueOf(value).trim();
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("not a duration: " + text);
        };
    }
}
