package dev.smsworker.ops.replay;

import com.rabbitmq.client.Channel;
import dev.smsworker.contracts.Topology;
import dev.smsworker.ops.connection.ConfirmingPublisher;
import dev.smsworker.ops.failed.FailedMessage;
import dev.smsworker.ops.failed.FailedQueueScan;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Moves failed messages back to the {@code sms} exchange under their original routing key.
 *
 * <p>Never loses one: a message is acked from the failed queue only after the broker confirmed its copy
 * (mandatory, not returned) in a work queue. If the run dies in between, the broker hands the held
 * messages back to the failed queue. Those may then be in both places: the batch published but not yet
 * confirmed, and the batch before it if its acks were still on the wire, so at most two batches (the
 * worker sends such a message twice; its failed copy can be purged by message id). Messages that are
 * not moved stay in the failed queue in their order (see {@link FailedQueueScan}).
 */
public final class Replayer {

    /** Hears about a replay as it goes: progress bars, and tests that stop it half-way. */
    public interface Listener {
        default void scanned(int read, int depthAtStart, int moved) {
        }

        default void published(FailedMessage message, int publishedSoFar) throws IOException {
        }
    }

    private final Clock clock;
    private final Listener listener;
    private Tally tally = new Tally(false);

    public Replayer(Clock clock, Listener listener) {
        this.clock = clock;
        this.listener = listener;
    }

    /** Replays on {@code channel}, which it puts in confirm mode; one replay at a time. */
    public ReplayReport replay(Channel channel, ReplayPlan plan) throws IOException, InterruptedException, TimeoutException {
        tally = new Tally(plan.dryRun());
        Run run = new Run(plan, clock.instant(), plan.dryRun() ? null : new ConfirmingPublisher(channel));
        try (FailedQueueScan scan = new FailedQueueScan(channel)) {
            FailedMessage message;
            while ((message = scan.next()) != null) {
                tally.scanned++;
                run.handle(message, scan);
                listener.scanned(scan.read(), scan.depthAtStart(), tally.moved);
            }
            run.flush(scan);
        }
        return tally.report();
    }

    /** The report so far; after a failure, what was done before it. */
    public ReplayReport progress() {
        return tally.report();
    }

    /** Published but unconfirmed when the run stopped: back in the failed queue, possibly also in {@code sms}. */
    public int unconfirmed() {
        return tally.unconfirmed();
    }

    private final class Run {

        private final ReplayPlan plan;
        private final Instant start;
        private final ConfirmingPublisher publisher;
        private final Expiry expiry;
        private final List<Pending> batch = new ArrayList<>();
        private final Set<String> batchIds = new HashSet<>();
        private int taken;

        Run(ReplayPlan plan, Instant start, ConfirmingPublisher publisher) {
            this.plan = plan;
            this.start = start;
            this.publisher = publisher;
            this.expiry = new Expiry(plan.otpValidity());
        }

        void handle(FailedMessage message, FailedQueueScan scan) throws IOException, InterruptedException, TimeoutException {
            // Replayed by this run and failed again already: moving it again would loop until the filter runs dry.
            if (message.replayedAt() != null && !message.replayedAt().isBefore(start)) {
                tally.replayedThisRun++;
                return;
            }
            if (!plan.filter().matches(message)) {
                tally.notMatching++;
                return;
            }
            Expiry.Reason expired = expiry.check(message, clock.instant());
            String routingKey = routingKey(message);
            if (expired != Expiry.Reason.NONE && !plan.includeExpired()) {
                tally.expired++;
                tally.entry(message, routingKey, "expired");
            } else if (taken >= plan.limit()) {
                tally.overLimit++;
                tally.entry(message, routingKey, "over-limit");
            } else if (routingKey == null) {
                tally.noRoutingKey++;
                tally.entry(message, null, "no-routing-key");
            } else {
                taken++;
                move(message, routingKey, expired, scan);
            }
        }

        private void move(FailedMessage message, String routingKey, Expiry.Reason expired, FailedQueueScan scan)
                throws IOException, InterruptedException, TimeoutException {
            if (plan.dryRun()) {
                tally.moved++;
                tally.movedExpired += expired == Expiry.Reason.NONE ? 0 : 1;
                tally.entry(message, routingKey, "would-move");
                return;
            }
            // Returns are matched by message id: never two of the same id in flight.
            if (batchIds.contains(String.valueOf(message.messageId()))) {
                flush(scan);
            }
            long sequence = publisher.publish(Topology.EXCHANGE, routingKey,
                    ReplayMessage.properties(message, routingKey, clock.instant(), expired == Expiry.Reason.DEFAULT_VALIDITY),
                    message.body());
            batch.add(new Pending(sequence, message, routingKey, expired != Expiry.Reason.NONE));
            batchIds.add(String.valueOf(message.messageId()));
            tally.published++;
            listener.published(message, tally.published);
            if (batch.size() >= plan.batchSize()) {
                flush(scan);
            }
        }

        void flush(FailedQueueScan scan) throws IOException, InterruptedException, TimeoutException {
            if (batch.isEmpty()) {
                return;
            }
            Map<Long, ConfirmingPublisher.Verdict> verdicts = publisher.await(batch.stream().map(Pending::sequence).toList(),
                    plan.confirmTimeout());
            for (Pending pending : batch) {
                if (verdicts.get(pending.sequence()) == ConfirmingPublisher.Verdict.STORED) {
                    scan.remove(pending.message());
                    tally.moved++;
                    tally.movedExpired += pending.expired() ? 1 : 0;
                    tally.entry(pending.message(), pending.routingKey(), "moved");
                } else {
                    tally.refused++;
                    tally.entry(pending.message(), pending.routingKey(), "refused");
                }
            }
            batch.clear();
            batchIds.clear();
        }

        /** The publisher's key (our header, else the key it reached the failed queue with), else its kind's. */
        private static String routingKey(FailedMessage message) {
            String original = message.originalRoutingKey();
            if (original != null) {
                return original;
            }
            return message.kind() == null ? null : message.kind().routingKey();
        }
    }

    private record Pending(long sequence, FailedMessage message, String routingKey, boolean expired) {
    }
}
