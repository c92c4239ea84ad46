package dev.smsworker.contracts.topology;

/**
 * One difference between what sms-worker declares and what the broker applies.
 *
 * @param name          the queue or exchange
 * @param setting       a {@link QueueSetting#key()}, or {@code exists}, {@code exchange-type}, {@code alternate-exchange}
 * @param expected      what we declared (or intend, through the shipped policies); {@code none} for unset
 * @param actual        what the broker applies; {@code none} for unset, {@code missing} for a missing object
 * @param source        where the actual value comes from: queue argument, policy or operator policy name
 * @param losesOrDelays whether this drift can lose or delay messages (see {@link ExpectedQueue#losesOrDelays})
 */
public record Drift(String name, String setting, String expected, String actual, String source, boolean losesOrDelays) {

    static final String NONE = "none";

    static String show(Object value) {
        return value == null ? NONE : value.toString();
    }
}
