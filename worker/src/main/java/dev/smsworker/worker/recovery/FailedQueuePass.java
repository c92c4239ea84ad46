package dev.smsworker.worker.recovery;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Topology;
import dev.smsworker.worker.intake.RequestReader;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * One bounded pass over {@code sms.failed} after an outage. Every message is taken with
 * {@code basic.get} and held; one to replay is published to {@code sms} under its routing key
 * (mandatory, confirmed) and acked only once the broker stored the copy. The rest stay held until the
 * end of the pass and then go back with one {@code basic.nack(multiple, requeue)}: read to the end (or
 * {@code maxScan}), they return in their order. One copy per message id per pass. If the worker dies
 * mid-pass, the broker hands every held message back; a copy published but not yet confirmed may then
 * exist twice (in {@code sms} and still in {@code sms.failed}), at most one message.
 */
final class FailedQueuePass {

    /** What a pass did: how many it replayed, and why it kept the others. */
    record Result(int read, int replayed, Map<ReplayCandidate.Verdict, Integer> kept) {
    }

    private final Channel channel;
    private final RequestReader reader;
    private final Clock clock;
    private final RecoveryProperties properties;
    private final Duration otpValidity;

    FailedQueuePass(Channel channel, RequestReader reader, Clock clock, RecoveryProperties properties, Duration otpValidity) {
        this.channel = channel;
        this.reader = reader;
        this.clock = clock;
        this.properties = properties;
        this.otpValidity = otpValidity;
    }

    Result run(ReplayCandidate.Outage outage) throws IOException, InterruptedException, TimeoutException {
        channel.confirmSelect();
        Set<String> returned = new HashSet<>();
        channel.addReturnListener(back -> returned.add(String.valueOf(back.getProperties().getMessageId())));
        Set<String> replayedIds = new HashSet<>();
        Map<ReplayCandidate.Verdict, Integer> kept = new EnumMap<>(ReplayCandidate.Verdict.class);
        long lastHeld = -1;
        int read = 0;
        int replayed = 0;
        long pace = Duration.ofSeconds(1).toNanos() / properties.ratePerSecond();
        long nextPublish = System.nanoTime();
        try {
            GetResponse next;
            while (read < properties.maxScan() && (next = channel.basicGet(Topology.FAILED_QUEUE, false)) != null) {
                read++;
                long tag = next.getEnvelope().getDeliveryTag();
                ReplayCandidate candidate = ReplayCandidate.judge(next.getProps(), next.getEnvelope().getRoutingKey(),
                        next.getBody(), outage, reader, otpValidity, clock.instant());
                ReplayCandidate.Verdict verdict = candidate.verdict();
                // One copy per id: a second failed copy of the same message stays for ops to look at.
                if (verdict == ReplayCandidate.Verdict.REPLAY && !replayedIds.add(candidate.messageId())) {
                    verdict = ReplayCandidate.Verdict.DUPLICATE;
                }
                if (verdict == ReplayCandidate.Verdict.REPLAY) {
                    nextPublish = paceUntil(nextPublish, pace);
                    if (publish(next, candidate, returned)) {
                        channel.basicAck(tag, false);
                        replayed++;
                        continue;
                    }
                    verdict = ReplayCandidate.Verdict.REFUSED;
                }
                kept.merge(verdict, 1, Integer::sum);
                lastHeld = tag;
            }
        } finally {
            // The last tag still held: the broker refuses a nack naming an acked tag, even with multiple.
            if (lastHeld >= 0 && channel.isOpen()) {
                channel.basicNack(lastHeld, true, true);
            }
        }
        return new Result(read, replayed, kept);
    }

    /** True once the broker confirmed the copy in a queue; false if it was returned (unroutable) or nacked. */
    private boolean publish(GetResponse message, ReplayCandidate candidate, Set<String> returned)
            throws IOException, InterruptedException, TimeoutException {
        channel.basicPublish(Topology.EXCHANGE, candidate.routingKey(), true,
                ReplayCopy.properties(message.getProps(), candidate.routingKey(), clock.instant()), message.getBody());
        boolean confirmed = channel.waitForConfirms(properties.confirmTimeout().toMillis());
        // Returns arrive before the confirm of the same message, on the connection's reader thread.
        return confirmed && !returned.remove(candidate.messageId());
    }

    private static long paceUntil(long nextPublish, long pace) throws InterruptedException {
        long wait = nextPublish - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
        return Math.max(nextPublish, System.nanoTime()) + pace;
    }
}
