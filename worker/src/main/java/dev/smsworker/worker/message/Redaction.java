package dev.smsworker.worker.message;

import java.util.regex.Pattern;

/** Keeps phone numbers and long text out of headers and logs. */
public final class Redaction {

    /** Header values are read by people in a queue browser: a sentence, not a stack trace. */
    static final int MAX_MESSAGE_LENGTH = 200;

    // Providers echo the number back ("The 'To' number 5551234567 is not valid"): any run of 6+ digits goes.
    private static final Pattern DIGIT_RUN = Pattern.compile("\\+?\\d[\\d \\-().]{4,}\\d");

    private Redaction() {
    }

    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String scrubbed = DIGIT_RUN.matcher(text).replaceAll("<number>");
        scrubbed = scrubbed.replaceAll("[\\r\\n\\t]+", " ").strip();
        return scrubbed.length() <= MAX_MESSAGE_LENGTH ? scrubbed : scrubbed.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }
}
