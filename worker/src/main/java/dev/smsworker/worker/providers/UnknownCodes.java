package dev.smsworker.worker.providers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The answer for a provider error no classification table knows. Unknown codes are retryable (a later
 * attempt or another provider may get through) and logged once per provider, HTTP status and code at
 * WARN, so the table can grow. The log line names the code only: no number, no body, no provider text.
 */
public final class UnknownCodes {

    private static final Logger log = LoggerFactory.getLogger(UnknownCodes.class);
    // Bounded: a provider that puts a fresh value in its code field each time must not grow memory.
    private static final int MAX_REMEMBERED = 1024;
    private static final Set<String> seen = ConcurrentHashMap.newKeySet();

    private UnknownCodes() {
    }

    /** @param code the provider's code, or null when its answer carried none (the HTTP status is shown then) */
    public static SendResult.Retryable retryable(String provider, int status, String code) {
        String shown = code != null ? safe(code) : String.valueOf(status);
        String key = provider + "|" + status + "|" + shown;
        if (seen.size() < MAX_REMEMBERED && seen.add(key)) {
            log.warn("unknown error code from provider {}: HTTP {}, code {}; treated as retryable. "
                    + "Add it to the provider's classification table.", provider, status, shown);
        }
        return new SendResult.Retryable(provider, shown, "unclassified " + provider + " error (HTTP " + status + ")");
    }

    /** Codes end up in headers, logs and metrics: keep them short and free of anything but code characters. */
    public static String safe(String code) {
        String cleaned = code.replaceAll("[^A-Za-z0-9_.:-]", "_");
        return cleaned.length() <= 64 ? cleaned : cleaned.substring(0, 64);
    }
}
