package dev.smsworker.worker.message;

/**
 * {@code [\x21-\x7E]{1,max}}: the shape of the ids and codes the worker takes from outside (a publisher's message
 * id, a provider's message id, status or error code in a receipt). Never free text, so never a space, a control
 * character or anything beyond ASCII. A loop, not a pattern: a matcher costs more than the check (issue 16).
 */
public final class PrintableAscii {

    private PrintableAscii() {
    }

    /** True when {@code value} is 1 to {@code max} printable ASCII characters; false for null. */
    public static boolean fits(String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
