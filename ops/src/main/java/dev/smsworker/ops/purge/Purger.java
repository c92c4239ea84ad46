package dev.smsworker.ops.purge;

import com.rabbitmq.client.Channel;
import dev.smsworker.ops.failed.FailedMessage;
import dev.smsworker.ops.failed.FailedQueueScan;
import dev.smsworker.ops.failed.FailedSummary;
import dev.smsworker.ops.failed.MessageFilter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Deletes matching messages from the failed queue, after a confirmation. The matching messages are held
 * (unacked) while the question is asked, so exactly those are deleted; the rest go back in their order.
 */
final class Purger {

    /** What a purge found, and whether it deleted it. */
    record Result(int scanned, FailedSummary matched, boolean deleted) {
    }

    private Purger() {
    }

    /**
     * @param confirm asked with the summary of what matched; deletes only when it answers true
     */
    static Result purge(Channel channel, MessageFilter filter, int limit, Predicate<FailedSummary> confirm) throws IOException {
        FailedSummary matched = new FailedSummary();
        List<FailedMessage> doomed = new ArrayList<>();
        int scanned = 0;
        try (FailedQueueScan scan = new FailedQueueScan(channel)) {
            FailedMessage message;
            while ((message = scan.next()) != null) {
                scanned++;
                if (doomed.size() < limit && filter.matches(message)) {
                    doomed.add(message);
                    matched.add(message);
                }
            }
            boolean delete = !doomed.isEmpty() && confirm.test(matched);
            if (delete) {
                for (FailedMessage victim : doomed) {
                    scan.remove(victim);
                }
            }
            return new Result(scanned, matched, delete);
        }
    }
}
