package dev.smsworker.bench.perf;

import java.util.Arrays;
import java.util.List;

/** Percentiles and summaries of measured values. */
public final class Stats {

    private Stats() {
    }

    /** The p-th percentile (0-100) of {@code values}, nearest rank. */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static long[] sorted(List<Long> values) {
        long[] array = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(array);
        return array;
    }

    static String millis(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    static String range(List<Double> values, String format) {
        return values.stream().map(v -> String.format(format, v)).toList().toString();
    }

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
