package dev.smsworker.worker.providers;

import dev.smsworker.contracts.ErrorClass;

/** The outcome of one send through one provider. */
public sealed interface SendResult {

    String provider();

    /**
     * Accepted by the provider; {@code providerMessageId} lets support find it on their side.
     *
     * @param providerMessageId the provider's id, or null when its answer did not carry one readably
     * @param ambiguity         null when the answer was the provider's documented success shape; otherwise a
     *                          short code ({@code body-unreadable}, {@code empty-body}, {@code not-json},
     *                          {@code no-message-id}, ...) saying why the provider's 2xx could not be read. The
     *                          provider may have sent the SMS, so it is recorded as sent and never sent again by
     *                          guess (see docs/providers.md, "A success is the documented success").
     */
    record Sent(String provider, String providerMessageId, String ambiguity) implements SendResult {

        public Sent(String provider, String providerMessageId) {
            this(provider, providerMessageId, null);
        }

        /** A 2xx whose body was not the provider's success shape: sent as far as we can tell, id unknown or unsure. */
        public static Sent ambiguous(String provider, String providerMessageId, String ambiguity) {
            return new Sent(provider, providerMessageId, ambiguity);
        }

        /** True when the provider's answer was its documented success, id included. */
        public boolean confirmed() {
            return ambiguity == null;
        }
    }

    /** Not sent, and it failed in a way that says why. */
    sealed interface Failed extends SendResult {
        String code();

        String reason();

        ErrorClass errorClass();

        /**
         * True when this failure came after the request reached the provider (a timeout or reset after it was
         * written), so the SMS may have gone out although the attempt failed. Only retryable failures can be.
         */
        default boolean maybeDelivered() {
            return false;
        }
    }

    /**
     * Transient: 5xx, 429, timeouts, connection errors. Another provider or a later attempt may succeed.
     *
     * @param maybeDelivered see {@link Failed#maybeDelivered()}
     */
    record Retryable(String provider, String code, String reason, boolean maybeDelivered) implements Failed {

        public Retryable(String provider, String code, String reason) {
            this(provider, code, reason, false);
        }

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
