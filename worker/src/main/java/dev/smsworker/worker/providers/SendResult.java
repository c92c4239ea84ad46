package dev.smsworker.worker.providers;

import dev.smsworker.contracts.ErrorClass;

/** The outcome of one send through one provider. */
public sealed interface SendResult {

    String provider();

    /** Accepted by the provider; {@code providerMessageId} lets support find it on their side. */
    record Sent(String provider, String providerMessageId) implements SendResult {
    }

    /** Not sent, and it failed in a way that says why. */
    sealed interface Failed extends SendResult {
        String code();

        String reason();

        ErrorClass errorClass();
    }

    /** Transient: 5xx, 429, timeouts, connection errors. Another provider or a later attempt may succeed. */
    record Retryable(String provider, String code, String reason) implements Failed {
        public ErrorClass errorClass() {
            return ErrorClass.RETRYABLE;
        }
    }

    /** This provider can't send anything right now: credentials, account, credit. The next one may. */
    record ProviderFatal(String provider, String code, String reason) implements Failed {
        public ErrorClass errorClass() {
            return ErrorClass.PROVIDER_FATAL;
        }
    }

    /** No provider will ever send this message: invalid number, opted out, body rejected. */
    record MessageFatal(String provider, String code, String reason) implements Failed {
        public ErrorClass errorClass() {
            return ErrorClass.MESSAGE_FATAL;
        }
    }
}
