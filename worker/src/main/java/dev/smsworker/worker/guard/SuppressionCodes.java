package dev.smsworker.worker.guard;

import java.util.Map;

/**
 * Provider answers that say a number will never take an SMS from us: the guard remembers the number
 * ({@code sms.guard.suppression}) so the next message to it is refused without paying for the same answer.
 * Only answers with a documented meaning are here (see /work/shared/provider-notes.md §2): Twilio's synchronous
 * errors, and the delivery receipts' codes ({@link #ofReceipt}), where Vonage and LINK report opt-outs and
 * invalid numbers (issue 13: learned from the asynchronous answers too). A code that could mean something else
 * as well (Sinch's {@code Deleted}: "invalid MSISDN or opted-out") is left out: a suppression refuses real messages.
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

    /** Delivery receipts' error codes, by provider (Twilio {@code ErrorCode}, Vonage {@code err-code}, LINK {@code resultCode}). */
    private static final Map<String, Map<String, Reason>> BY_PROVIDER_RECEIPT = Map.of(
            "twilio", Map.of(
                    "21610", Reason.OPTED_OUT,
                    // https://www.twilio.com/docs/api/errors/30004: blocked by the recipient (opted out, DND).
                    "30004", Reason.OPTED_OUT,
                    // https://www.twilio.com/docs/api/errors/30006: a landline.
                    "30006", Reason.LANDLINE,
                    "21614", Reason.LANDLINE,
                    "21211", Reason.INVALID),
            "vonage", Map.of(
                    // https://developer.vonage.com/en/opt-out-assist/guides/messaging-opted-out-numbers: err-code 9.
                    "9", Reason.OPTED_OUT,
                    // 4 call barred by the user; 3 absent subscriber, permanent.
                    "4", Reason.OPTED_OUT,
                    "3", Reason.INVALID),
            // LINK DLR 2106 number error (SMS REST API v1.18, DLR result codes).
            "linkmobility", Map.of("2106", Reason.INVALID),
            // The in-house gateway's documented vocabulary (README, "Delivery receipts").
            "http", Map.of("opted-out", Reason.OPTED_OUT, "landline", Reason.LANDLINE, "invalid-number", Reason.INVALID));

    private SuppressionCodes() {
    }

    /** The reason a delivery receipt's error code gives to suppress the number, or null. */
    static Reason ofReceipt(String provider, String code) {
        return provider == null || code == null ? null : BY_PROVIDER_RECEIPT.getOrDefault(provider, Map.of()).get(code);
    }

    /** The reason a provider's message-fatal code gives to suppress the number, or null. */
    static Reason of(String provider, String code) {
        return provider == null || code == null ? null : BY_PROVIDER.getOrDefault(provider, Map.of()).get(code);
    }
}
