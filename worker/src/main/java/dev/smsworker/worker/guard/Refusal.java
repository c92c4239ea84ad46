package dev.smsworker.worker.guard;

import dev.smsworker.contracts.RefusalCode;

/**
 * Why the guard refuses a message.
 *
 * @param code   the rule, written as {@code sms-error-code}
 * @param reason short and human, without the number or the body, for {@code sms-error-message}
 */
public record Refusal(RefusalCode code, String reason) {
}
