package dev.smsworker.worker.guard;

import java.util.Map;

/**
 * Provider answers that say a number will never take an SMS from us: the guard remembers the number
 * ({@code sms.guard.suppression}) so the next message to it is refused without paying for the same answer.
 * Only synchronous answers with a documented meaning are here (see /work/shared/provider-notes.md §Twilio):
 * other providers report opt-outs and landlines in delivery receipts, which the worker does not receive.
 */
final class SuppressionCodes {

    enum Reason { OPTED_OUT, LANDLINE, INVALID }

    private static final Map<String, Map<String, Reason>> BY_PROVIDER = Map.of(
            "twilio", Map.of(
                    // https://www.twilio.com/docs/api/errors/21610: the recipient replied STOP.
                    "21610", Reason.OPTED_OUT,
                    // https://www.twilio.com/docs/api/errors/21614 and /21635: not a mobile number, a landline.
                    "21614", Reason.LANDLINE,
                    "21635", Reason.LANDLINE,
                    // https://www.twilio.com/docs/api/errors/21211: not a valid number.
                    "21211", Reason.INVALID));

    private SuppressionCodes() {
    }

    /** The reason a provider's message-fatal code gives to suppress the number, or null. */
    static Reason of(String provider, String code) {
        return provider == null || code == null ? null : BY_PROVIDER.getOrDefault(provider, Map.of()).get(code);
    }
}
