package dev.smsworker.worker.intake;

import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.worker.message.Failure;
import dev.smsworker.worker.message.PrintableAscii;
import dev.smsworker.worker.phone.PhoneNumbers;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.regex.Pattern;

/** Checks a parsed request against the contract. Number problems are message-fatal; the rest malformed. */
@Component
class RequestValidator {

    static final int MAX_MESSAGE_ID_LENGTH = 128;
    static final int MAX_TAGS = 32;
    static final int MAX_TAG_LENGTH = 256;

    // Numeric senders up to 15 digits, alphanumeric ones up to 11 characters (the GSM limit), at least
    // one of them a letter or digit: a sender of spaces is blank.
    private static final Pattern SENDER = Pattern.compile("\\+?\\d{3,15}|(?=.*[A-Za-z0-9])[A-Za-z0-9 .&_-]{1,11}");
    // Tab, CR and LF are ordinary text in a body; every other control character is a publisher's bug.
    static final String BODY_CONTROLS_ALLOWED = "\t\r\n";

    ReadResult validate(SmsRequest request) {
        if (request.messageId() != null && !printableAscii(request.messageId())) {
            return invalid(request.withMessageId(null), ErrorClass.MALFORMED, "invalid-message-id",
                    "messageId must be 1-" + MAX_MESSAGE_ID_LENGTH + " printable ASCII characters without spaces");
        }
        if (request.to() == null || request.to().isBlank()) {
            return invalid(request, ErrorClass.MALFORMED, "missing-field", "field 'to' is required");
        }
        if (request.body() == null || request.body().isEmpty()) {
            return invalid(request, ErrorClass.MALFORMED, "missing-field", "field 'body' is required and must not be empty");
        }
        if (request.body().length() > SmsRequest.MAX_BODY_LENGTH) {
            return invalid(request, ErrorClass.MALFORMED, "body-too-long",
                    "body has " + request.body().length() + " characters; the limit is " + SmsRequest.MAX_BODY_LENGTH);
        }
        // A body with nothing visible would charge for an SMS the recipient cannot read; text that is not
        // valid Unicode would be changed on its way to the provider (replaced, or dropped by its encoder).
        if (!Text.validUnicode(request.body()) || Text.hasControl(request.body(), BODY_CONTROLS_ALLOWED)
                || !Text.hasVisible(request.body())) {
            return invalid(request, ErrorClass.MALFORMED, "invalid-body",
                    "body must be valid Unicode with visible text and no control characters other than tab, CR and LF");
        }
        if (request.from() != null && !SENDER.matcher(request.from()).matches()) {
            return invalid(request, ErrorClass.MALFORMED, "invalid-from",
                    "from must be a number or an alphanumeric sender id of at most 11 characters");
        }
        if (request.tags() != null && !tagsWithinLimits(request.tags())) {
            return invalid(request, ErrorClass.MALFORMED, "invalid-tags",
                    "tags: at most " + MAX_TAGS + " entries of at most " + MAX_TAG_LENGTH + " characters, names visible, "
                            + "names and values valid Unicode without control characters");
        }
        // No provider will ever deliver to a number that is not a valid E.164 number.
        if (!validNumber(request.to())) {
            return invalid(request, ErrorClass.MESSAGE_FATAL, "invalid-number",
                    "'to' is not a valid E.164 phone number");
        }
        return new ReadResult.Valid(request);
    }

    private boolean validNumber(String to) {
        if (!e164Shape(to)) {
            return false;
        }
        return PhoneNumbers.of(to).valid();
    }

    /** {@code [\x21-\x7E]{1,128}}: 1 to {@value #MAX_MESSAGE_ID_LENGTH} printable ASCII characters, no space. */
    static boolean printableAscii(String id) {
        return PrintableAscii.fits(id, MAX_MESSAGE_ID_LENGTH);
    }

    /** {@code \+[1-9]\d{6,14}}: a plus, a digit other than 0, then 6 to 14 ASCII digits. */
    static boolean e164Shape(String to) {
        if (to.length() < 8 || to.length() > 16 || to.charAt(0) != '+' || to.charAt(1) < '1' || to.charAt(1) > '9') {
            return false;
        }
        for (int i = 2; i < to.length(); i++) {
            char c = to.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean tagsWithinLimits(Map<String, String> tags) {
        return tags.size() <= MAX_TAGS && tags.entrySet().stream().allMatch(e ->
                e.getKey().length() <= MAX_TAG_LENGTH && e.getValue() != null && e.getValue().length() <= MAX_TAG_LENGTH
                        && Text.hasVisible(e.getKey()) && cleanText(e.getKey()) && cleanText(e.getValue()));
    }

    /** Tags are labels: carried into logs and events, where a control character or broken text does harm. */
    private static boolean cleanText(String text) {
        return Text.validUnicode(text) && !Text.hasControl(text, "");
    }

    private static ReadResult invalid(SmsRequest request, ErrorClass errorClass, String code, String reason) {
        return new ReadResult.Invalid(Failure.of(errorClass, code, reason), request);
    }
}
