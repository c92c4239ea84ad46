package dev.smsworker.ops.canary;

import java.time.Instant;
import java.util.Locale;

/**
 * The canary's result in the Prometheus text format, for the node-exporter textfile collector or a
 * Pushgateway. Metric names are part of the dashboards' and alerts' contract: do not rename them.
 */
record CanaryMetrics(String kind, boolean success, Double latencySeconds, Instant finishedAt) {

    String text() {
        String labels = "{kind=\"" + kind + "\"}";
        return """
                # HELP sms_canary_success 1 when the last canary was sent within its threshold, else 0.
                # TYPE sms_canary_success gauge
                sms_canary_success%1$s %2$d
                # HELP sms_canary_latency_seconds Publish-to-sent-event latency of the last canary; NaN when it was not sent.
                # TYPE sms_canary_latency_seconds gauge
                sms_canary_latency_seconds%1$s %3$s
                # HELP sms_canary_last_run_timestamp_seconds When the last canary finished, in Unix time.
                # TYPE sms_canary_last_run_timestamp_seconds gauge
                sms_canary_last_run_timestamp_seconds%1$s %4$s
                """.formatted(labels, success ? 1 : 0,
                latencySeconds == null ? "NaN" : String.format(Locale.ROOT, "%.6f", latencySeconds),
                String.format(Locale.ROOT, "%.3f", finishedAt.toEpochMilli() / 1000.0));
    }
}
