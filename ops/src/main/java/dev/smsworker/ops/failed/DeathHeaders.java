package dev.smsworker.ops.failed;

import dev.smsworker.contracts.HeaderValues;
import dev.smsworker.contracts.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the broker wrote when it dead-lettered a message: the {@code x-death} entries (newest first) and,
 * on brokers that write them, {@code x-first-death-*} and {@code x-last-death-*}. Read leniently: a
 * publisher can forge any of them, so they only ever make ops more careful, never less.
 */
record DeathHeaders(List<Death> deaths) {

    /** The queues a request waits in to be sent: where its time running out means it is stale. */
    private static final Set<String> WORK_QUEUES = Set.of(Topology.OTP_QUEUE, Topology.SEND_QUEUE, Topology.UNROUTED_QUEUE);

    record Death(String queue, String reason) {
    }

    static DeathHeaders of(Map<String, Object> headers) {
        List<Death> deaths = new ArrayList<>();
        if (headers.get("x-death") instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> table) {
                    deaths.add(new Death(text(table.get("queue")), text(table.get("reason"))));
                }
            }
        }
        for (String which : List.of("x-first-death-", "x-last-death-")) {
            String queue = HeaderValues.string(headers, which + "queue").orElse(null);
            String reason = HeaderValues.string(headers, which + "reason").orElse(null);
            if (queue != null || reason != null) {
                deaths.add(new Death(queue, reason));
            }
        }
        return new DeathHeaders(deaths);
    }

    /** The queue of the newest death, null when none. */
    String firstQueue() {
        return deaths.isEmpty() ? null : deaths.getFirst().queue();
    }

    boolean expiredInWorkQueue() {
        return deaths.stream().anyMatch(death -> "expired".equals(death.reason()) && WORK_QUEUES.contains(death.queue()));
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(PrintableValues.plain(value));
    }
}
