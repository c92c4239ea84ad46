package dev.smsworker.ops.failed;

import java.io.PrintWriter;

/** Warns before browsing makes a quorum queue drop messages (see {@link FailedQueueScan}). */
public final class DeliveryCountWarning {

    /** Half the default delivery limit of RabbitMQ 4.0 to 4.2 quorum queues (20). */
    static final int THRESHOLD = 10;

    private DeliveryCountWarning() {
    }

    public static void warnIfHigh(PrintWriter err, int highestDeliveryCount) {
        if (highestDeliveryCount >= THRESHOLD) {
            err.println("warning: a message in sms.failed has been handed out " + highestDeliveryCount + " times (x-delivery-count)."
                    + " Every read counts one. On RabbitMQ 4.0-4.2 a quorum queue drops a message at its delivery limit"
                    + " (default 20) unless a policy raises delivery-limit for sms.failed; see the ops README.");
            err.flush();
        }
    }
}
