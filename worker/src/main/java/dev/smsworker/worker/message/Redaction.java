package dev.smsworker.worker.message;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps phone numbers and long text out of headers and logs. */
public final class Redaction {

    /** Header values are read by people in a queue browser: a sentence, not a stack trace. */
    static final int MAX_MESSAGE_LENGTH = 200;

    // Providers echo the number back ("The 'To' number 5551234567 is not valid"): any run of 6+ digits goes.
    private static final Pattern DIGIT_RUN = Pattern.compile("\\+?\\d[\\d \\-().]{4,}\\d");
    /**
     * ISO-8601 dates and instants ({@code 2030-01-01}, {@code 2030-01-01T12:00:00.123Z}) are the worker's own
     * ("expired at ..."): kept whole, or every expiry reason would read {@code <number>T12:00:00Z}. No phone
     * number is written 4-2-2 with dashes.
     */
    private static final Pattern ISO_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?)?(?![\\d\\-])");

    private Redaction() {
    }

    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder();
        Matcher time = ISO_TIME.matcher(text);
        int from = 0;
        while (time.find()) {
            kept.append(DIGIT_RUN.matcher(text.substring(from, time.start())).replaceAll("<number>")).append(time.group());
            from = time.end();
        }
        String scrubbed = kept.append(DIGIT_RUN.matcher(text.substring(from)).replaceAll("<number>")).toString();
        scrubbed = scrubbed.replaceAll("[\\r\\n\\t]+", " ").strip();
        return scrubbed.length() <= MAX_MESSAGE_LENGTH ? scrubbed : scrubbed.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }
}
