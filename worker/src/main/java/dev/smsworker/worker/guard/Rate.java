package dev.smsworker.worker.guard;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cap such as {@code 3/10m}: at most {@code count} messages in a window of {@code per}. The window starts at
 * the first message and restarts once it has passed (a fixed window per key), so {@code 3/10m} refuses the fourth
 * code to one number within ten minutes of the first, as the rule is usually stated.
 *
 * @param count at least 1
 * @param per   positive
 */
public record Rate(int count, Duration per) {

    private static final Pattern TEXT = Pattern.compile("(\\d+)/(\\d*)(s|m|h|d)");

    public Rate {
        if (count < 1 || !per.isPositive()) {
            throw new IllegalArgumentException("a rate needs a count of at least 1 and a positive window");
        }
    }

    /**
     * @param text     {@code <count>/<n><unit>} with unit {@code s}, {@code m}, {@code h} or {@code d}; the
     *                 {@code n} may be left out ({@code 50/m} is {@code 50/1m})
     * @param property the property it came from, named in the error
     * @throws IllegalArgumentException when the text is not such a rate
     */
    public static Rate parse(String text, String property) {
        Matcher matcher = TEXT.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(property + "='" + text + "' is not a rate; expected e.g. 3/10m, 50/1m, 1000/1d");
        }
        long n = matcher.group(2).isEmpty() ? 1 : Long.parseLong(matcher.group(2));
        Duration unit = switch (matcher.group(3)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        try {
            return new Rate(Integer.parseInt(matcher.group(1)), unit.multipliedBy(n));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + "='" + text + "': " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return count + "/" + per;
    }
}
