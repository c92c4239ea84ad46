package dev.smsworker.worker.providers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's classification table: its error codes, what each means and which class it falls in.
 * Classifiers look codes up here; codes missing from the table go to {@link UnknownCodes}.
 *
 * @param <K> the code type: Twilio and LINK use numbers, Sinch strings, Vonage numeric strings
 */
public final class CodeTable<K> {

    /**
     * What a provider's code can say about a send: the three failures of {@link SendResult.Failed}. The other
     * error classes (malformed, expired, exhausted) are the worker's own verdicts, never a provider's.
     */
    public enum Verdict {
        RETRYABLE, PROVIDER_FATAL, MESSAGE_FATAL
    }

    /** One code: its verdict and, in a few words, what the provider means by it. */
    public record Row<K>(K code, Verdict verdict, String meaning) {
    }

    private final String provider;
    private final Map<K, Row<K>> rows;

    private CodeTable(String provider, Map<K, Row<K>> rows) {
        this.provider = provider;
        this.rows = rows;
    }

    @SafeVarargs
    public static <K> CodeTable<K> of(String provider, Row<K>... rows) {
        Map<K, Row<K>> byCode = new LinkedHashMap<>();
        for (Row<K> row : rows) {
            if (byCode.put(row.code(), row) != null) {
                throw new IllegalArgumentException(provider + " code " + row.code() + " is listed twice");
            }
        }
        return new CodeTable<>(provider, Map.copyOf(byCode));
    }

    public static <K> Row<K> row(K code, Verdict verdict, String meaning) {
        return new Row<>(code, verdict, meaning);
    }

    public Optional<Row<K>> find(K code) {
        return code == null ? Optional.empty() : Optional.ofNullable(rows.get(code));
    }

    /** Every row, for tests that check the table against the provider notes. */
    public Map<K, Row<K>> rows() {
        return rows;
    }

    /** The outcome a row stands for, with the code as shown in headers and the row's meaning as reason. */
    public SendResult.Failed result(Row<K> row) {
        String code = String.valueOf(row.code());
        return switch (row.verdict()) {
            case RETRYABLE -> new SendResult.Retryable(provider, code, row.meaning());
            case PROVIDER_FATAL -> new SendResult.ProviderFatal(provider, code, row.meaning());
            case MESSAGE_FATAL -> new SendResult.MessageFatal(provider, code, row.meaning());
        };
    }
}
