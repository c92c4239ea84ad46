package dev.smsworker.worker.providers;

import dev.smsworker.contracts.ErrorClass;

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

    /** One code: its class and, in a few words, what the provider means by it. */
    public record Row<K>(K code, ErrorClass errorClass, String meaning) {
        public Row {
            if (errorClass != ErrorClass.RETRYABLE && errorClass != ErrorClass.PROVIDER_FATAL
                    && errorClass != ErrorClass.MESSAGE_FATAL) {
                throw new IllegalArgumentException("a provider code is retryable, provider-fatal or message-fatal, not " + errorClass);
            }
        }
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

    public static <K> Row<K> row(K code, ErrorClass errorClass, String meaning) {
        return new Row<>(code, errorClass, meaning);
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
        return switch (row.errorClass()) {
            case RETRYABLE -> new SendResult.Retryable(provider, code, row.meaning());
            case PROVIDER_FATAL -> new SendResult.ProviderFatal(provider, code, row.meaning());
            case MESSAGE_FATAL -> new SendResult.MessageFatal(provider, code, row.meaning());
            default -> throw new IllegalStateException("unreachable: rows are checked on construction");
        };
    }
}
