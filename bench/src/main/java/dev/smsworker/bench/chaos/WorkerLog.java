package dev.smsworker.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the worker itself wrote about its attempts, read from its plain log ({@code --spring.profiles.active=plain}).
 * The harness only sees the provider's side; a call the fake provider answered in time can still reach the
 * worker after its read timeout on a loaded machine. The worker then records an attempt whose outcome it
 * does not know ({@code read-timeout}, {@code io-error-after-write}: docs/providers.md, "Failures after the
 * request was written may have reached the handset") and fails over. A second send after such an attempt is
 * the documented ambiguity, not a fault of the harness's making, so the ledger attributes it by the worker's
 * own words rather than by a fault window.
 */
final class WorkerLog {

    /** The transport codes the docs call ambiguous: the request was written, no answer was read. */
    private static final Pattern AMBIGUOUS_CODE = Pattern.compile("\\b(read-timeout|io-error-after-write)\\b");
    private static final Pattern MESSAGE_ID = Pattern.compile("\\bmessageId=(\\S+)");

    private WorkerLog() {
    }

    /**
     * @param log the workers' combined plain log; absent is read as no such attempts
     * @return message id to the attribution of its first ambiguous attempt, e.g. "the worker's read of the answer
     *         failed after the request was written (read-timeout)"
     */
    static Map<String, String> ambiguousAttempts(Path log) throws IOException {
        Map<String, String> byId = new HashMap<>();
        if (!Files.exists(log)) {
            return byId;
        }
        try (Stream<String> lines = Files.lines(log)) {
            lines.forEach(line -> {
                Matcher code = AMBIGUOUS_CODE.matcher(line);
                Matcher id = MESSAGE_ID.matcher(line);
                if (code.find() && id.find()) {
                    byId.putIfAbsent(id.group(1), "the worker's read of the answer failed after the request was written ("
                            + code.group(1) + "), documented as ambiguous");
                }
            });
        }
        return byId;
    }
}
