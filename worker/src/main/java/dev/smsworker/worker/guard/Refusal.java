package dev.smsworker.worker.guard;

import dev.smsworker.contracts.RefusalCode;

/**
 * Why the guard stops a message.
 *
 * @param code   the rule, written as {@code sms-error-code} (or {@code sms-held} when held)
 * @param reason short and human, without the number or the body, for {@code sms-error-message}
 * @param hold   true when the rule stops the message only for now and is configured to hold it rather than refuse
 *               it (a spend cap with {@code sms.spend.caps.<kind>.at-cap=hold}): it waits without a provider call
 *               or a spent attempt until the rule lets it go; false: refused for good
 */
public record Refusal(RefusalCode code, String reason, boolean hold) {

    /** A refusal for good. */
    public Refusal(RefusalCode code, String reason) {
        this(code, reason, false);
    }
}
