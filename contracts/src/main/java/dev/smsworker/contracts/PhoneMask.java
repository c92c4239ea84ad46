package dev.smsworker.contracts;

/** Masks phone numbers for logs and tool output: the country prefix and last two digits stay. */
public final class PhoneMask {

    private PhoneMask() {
    }

    /** {@code +4791234567} becomes {@code +47******67}; anything short or odd is masked entirely. */
    public static String mask(String number) {
        if (number == null) {
            return null;
        }
        if (number.length() < 7) {
            return "*".repeat(number.length());
        }
        int keepStart = number.startsWith("+") ? 3 : 2;
        int keepEnd = 2;
        return number.substring(0, keepStart)
                + "*".repeat(number.length() - keepStart - keepEnd)
                + number.substring(number.length() - keepEnd);
    }
}
