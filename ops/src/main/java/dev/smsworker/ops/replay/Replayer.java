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
 *
 * <p>Sends each SMS at most once more: one copy per message id is moved and its other copies (same body)
 * are removed once it is confirmed ({@link Copies}); messages that may have reached the handset
 * ({@code sms-maybe-delivered}) and expired ones ({@link Expiry}) stay unless the plan includes them.
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
            run.removeEarlierCopies(scan);
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
        private final Copies copies = new Copies();
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
            String routingKey = routingKey(message);
            // A second copy (a lost ack) of a message this run moves, matching or not: one SMS, one replay.
            Copies.Original original = copies.originalOf(message);
            if (original != null) {
                copy(message, routingKey, original, scan);
                return;
            }
            if (!plan.filter().matches(message)) {
                keep(message, null, Outcome.NOT_MATCHING);
                return;
            }
            Expiry.Reason expired = expiry.check(message, clock.instant());
            if (message.maybeDelivered() != null && !plan.includeMaybeDelivered()) {
                keep(message, routingKey, Outcome.MAYBE_DELIVERED);
            } else if (expired != Expiry.Reason.NONE && !plan.includeExpired()) {
                keep(message, routingKey, Outcome.EXPIRED);
            } else if (taken >= plan.limit()) {
                keep(message, routingKey, Outcome.OVER_LIMIT);
            } else if (routingKey == null) {
                keep(message, null, Outcome.NO_ROUTING_KEY);
            } else {
                taken++;
                move(message, routingKey, expired, scan);
            }
        }

        private void keep(FailedMessage message, String routingKey, Outcome outcome) {
            outcome.count(tally, 1);
            int entry = outcome == Outcome.NOT_MATCHING ? -1 : tally.entry(message, routingKey, outcome.wire);
            copies.kept(message, outcome, entry);
        }

        private void move(FailedMessage message, String routingKey, Expiry.Reason expired, FailedQueueScan scan)
                throws IOException, InterruptedException, TimeoutException {
            Copies.Original original = copies.moving(message);
            if (plan.dryRun()) {
                original.stored = true;
                tally.moved++;
                tally.movedExpired += expired == Expiry.Reason.NONE ? 0 : 1;
                tally.entry(message, routingKey, "would-move");
                return;
            }
            // Returns are matched by message id: never two of the same id in flight.
            if (batchIds.contains(String.valueOf(message.messageId()))) {
                flush(scan);
            }
            // Past only a default validity (the worker's, or the broker's TTL) and forced: a fresh one.
            boolean restartValidity = expired == Expiry.Reason.DEFAULT_VALIDITY || expired == Expiry.Reason.EXPIRED_IN_QUEUE;
            long sequence = publisher.publish(Topology.EXCHANGE, routingKey,
                    ReplayMessage.properties(message, routingKey, clock.instant(), restartValidity), message.body());
            batch.add(new Pending(sequence, message, routingKey, expired != Expiry.Reason.NONE, original));
            batchIds.add(String.valueOf(message.messageId()));
            tally.published++;
            listener.published(message, tally.published);
            if (batch.size() >= plan.batchSize()) {
                flush(scan);
            }
        }

        /** Another copy of a message this run moves: removed once the original is confirmed; another body stays. */
        private void copy(FailedMessage message, String routingKey, Copies.Original original, FailedQueueScan scan) throws IOException {
            if (!original.sameBody(message)) {
                tally.duplicatesKept++;
                tally.entry(message, routingKey, "duplicate-kept");
            } else if (plan.dryRun()) {
                tally.duplicatesRemoved++;
                tally.entry(message, routingKey, "would-remove-duplicate");
            } else if (original.stored) {
                scan.remove(message);
                tally.duplicatesRemoved++;
                tally.entry(message, routingKey, "duplicate-removed");
            } else if (original.refused) {
                tally.duplicatesKept++;
                tally.entry(message, routingKey, "duplicate-kept");
            } else {
                original.waiting.add(new Copies.Waiting(message.deliveryTag(), tally.entry(message, routingKey, "duplicate-pending")));
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
                    pending.original().stored = true;
                    for (Copies.Waiting waiting : pending.original().waiting) {
                        scan.remove(waiting.deliveryTag());
                        tally.duplicatesRemoved++;
                        tally.outcome(waiting.entry(), "duplicate-removed");
                    }
                } else {
                    tally.refused++;
                    tally.entry(pending.message(), pending.routingKey(), "refused");
                    pending.original().refused = true;
                    tally.duplicatesKept += pending.original().waiting.size();
                    pending.original().waiting.forEach(waiting -> tally.outcome(waiting.entry(), "duplicate-kept"));
                }
                pending.original().waiting.clear();
            }
            batch.clear();
            batchIds.clear();
        }

        /** After the last flush: copies read before the one this run moved, kept then, go now. */
        void removeEarlierCopies(FailedQueueScan scan) throws IOException {
            for (Copies.Earlier earlier : copies.earlierCopiesOfStored()) {
                if (!plan.dryRun()) {
                    scan.remove(earlier.deliveryTag());
                }
                earlier.outcome().count(tally, -1);
                tally.duplicatesRemoved++;
                String outcome = plan.dryRun() ? "would-remove-duplicate" : "duplicate-removed";
                if (earlier.entry() >= 0) {
                    tally.outcome(earlier.entry(), outcome);
                } else {
                    tally.entry(earlier.message(), routingKey(earlier.message()), outcome);
                }
            }
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

    private record Pending(long sequence, FailedMessage message, String routingKey, boolean expired, Copies.Original original) {
    }
}
