package dev.smsworker.contracts;

/** Why a message was not sent, written to the {@code sms-error-class} header and status events. */
public enum ErrorClass {
    /** Transient (provider 5xx, 429, timeouts, connection errors): retried after a delay. */
    RETRYABLE,
    /** This provider can't send right now (credentials, account, credit): the next provider is tried. */
    PROVIDER_FATAL,
    /** No provider ever will (invalid number, opted out, body rejected): given up at once. */
    MESSAGE_FATAL,
    /** The message itself breaks the contract (bad JSON, wrong types, missing fields, too large). */
    MALFORMED,
    /** Its {@code expiresAt} passed, or would pass before the next retry. */
    EXPIRED,
    /** Retryable on every attempt, including the one after the last delay. */
    EXHAUSTED,
    /**
     * Refused by the worker's own guard before any provider was called (nothing paid): the code, one of
     * {@link RefusalCode}, says which rule. Replayable like any other class once the rule no longer applies.
     */
    REFUSED
}
