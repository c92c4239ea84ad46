package dev.smsworker.worker.consumer;

import com.rabbitmq.client.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Settles one consumer channel's deliveries, coalescing acks into {@code basic.ack multiple=true}: one frame
 * (and, on a quorum queue, one settle command in the broker's log) for a run of messages instead of one each
 * (issue 16).
 *
 * <p>Deliveries finish out of order (a virtual thread each), and a multiple ack settles every delivery up to its
 * tag. So a coalesced ack only ever reaches up to the highest tag below which every delivery on this channel is
 * settled: its outcome stored and acked here, or handed back. Nacks and rejects go out at once, one by one, before
 * the delivery counts as settled, so no multiple ack can cover a message that is to be requeued or rejected. The
 * ack frames are written under this object's lock, in tag order: a multiple ack for a tag the broker no longer
 * holds would close the channel.
 *
 * <p>An ack waits at most about two {@link #WINDOW}s: pending acks are flushed every window, and one that sits
 * behind an unsettled delivery (a slow send, a requeue pause) for a whole window is sent on its own. The caller
 * flushes at once when {@link #BATCH} acks are pending, and on pause, cancel and stop; acks still pending when the
 * channel closes are lost with it and the broker redelivers those messages, whose sent record then settles them
 * without a second send.
 */
final class ChannelAcks {

    /** How long an ack may wait for the deliveries below it: far below any timeout, many messages at full rate. */
    static final Duration WINDOW = Duration.ofMillis(5);
    /** Pending acks that make the acking thread flush at once rather than wait for the timer. */
    static final int BATCH = 256;

    private static final Logger log = LoggerFactory.getLogger(ChannelAcks.class);
    /** One timer for every channel: a flush is a few frames' work. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("sms-ack-flush").factory());

    private final Channel channel;
    private final String queue;
    private final ReentrantLock lock = new ReentrantLock();
    /** Delivered here and not yet settled: being processed. */
    private final TreeSet<Long> processing = new TreeSet<>();
    /** Outcome stored, ack not yet sent: tag to the flush round it was added in. */
    private final TreeMap<Long, Long> pending = new TreeMap<>();
    private long round;
    private boolean scheduled;

    ChannelAcks(Channel channel, String queue) {
        this.channel = channel;
        this.queue = queue;
    }

    /** A delivery arrived; called on the channel's dispatch thread, so in tag order. */
    void delivered(long tag) {
        lock.lock();
        try {
            processing.add(tag);
        } finally {
            lock.unlock();
        }
    }

    /** The delivery's outcome is stored: its ack goes out with the next flush. */
    void ack(long tag) {
        boolean flushNow;
        lock.lock();
        try {
            processing.remove(tag);
            pending.put(tag, round);
            flushNow = pending.size() >= BATCH;
            if (!flushNow && !scheduled) {
                schedule();
            }
        } finally {
            lock.unlock();
        }
        if (flushNow) {
            flush(false);
        }
    }

    /** Hands the delivery back to the queue ({@code basic.nack requeue=true}), at once. */
    void requeue(long tag) {
        settleAlone(tag, () -> channel.basicNack(tag, false, true), "requeue");
    }

    /** Rejects the delivery without requeue (to the queue's dead-letter exchange), at once. */
    void reject(long tag) {
        settleAlone(tag, () -> channel.basicReject(tag, false), "reject");
    }

    /** Sends every pending ack now: the contiguous run as one multiple ack, the rest one by one. */
    void flushAll() {
        flush(true);
    }

    private interface Frame {
        void send() throws IOException;
    }

    private void settleAlone(long tag, Frame frame, String what) {
        try {
            frame.send();
        } catch (IOException | RuntimeException e) {
            // The channel closed under us; the broker redelivers the message.
            log.warn("{} failed on {} ({}); the broker will redeliver", what, queue, e.getClass().getSimpleName());
        }
        // Only now: a multiple ack flushed after this line may cover the tag, and the nack is on the wire before it.
        lock.lock();
        try {
            processing.remove(tag);
        } finally {
            lock.unlock();
        }
    }

    private void schedule() {
        try {
            TIMER.schedule(() -> flush(false), WINDOW.toNanos(), TimeUnit.NANOSECONDS);
            scheduled = true;
        } catch (RejectedExecutionException e) {
            // Never shut down; were it, the acking threads' BATCH flushes and the stop flush still send them.
        }
    }

    /**
     * @param all send every pending ack; otherwise those behind an unsettled delivery wait one more round
     */
    private void flush(boolean all) {
        lock.lock();
        try {
            scheduled = false;
            if (pending.isEmpty()) {
                return;
            }
            if (!channel.isOpen()) {
                // The broker redelivers them; their sent records settle them without a second send.
                log.warn("{} ack(s) on {} not sent: the channel closed; the broker will redeliver", pending.size(), queue);
                pending.clear();
                return;
            }
            long lowestUnsettled = processing.isEmpty() ? Long.MAX_VALUE : processing.first();
            Map<Long, Long> settledRun = pending.headMap(lowestUnsettled);
            if (!settledRun.isEmpty()) {
                long highest = pending.lowerKey(lowestUnsettled);
                settledRun.clear();
                send(highest, true);
            }
            long stale = all ? Long.MAX_VALUE : round;
            for (Iterator<Map.Entry<Long, Long>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, Long> entry = it.next();
                if (entry.getValue() < stale) {
                    // Read before the removal: TreeMap may reuse the removed entry for its successor's key.
                    long tag = entry.getKey();
                    it.remove();
                    send(tag, false);
                }
            }
            round++;
            if (!pending.isEmpty()) {
                schedule();
            }
        } finally {
            lock.unlock();
        }
    }

    private void send(long tag, boolean multiple) {
        try {
            channel.basicAck(tag, multiple);
        } catch (IOException | RuntimeException e) {
            // The channel closed under us; the broker redelivers what it had not been told.
            log.warn("ack failed on {} ({}); the broker will redeliver", queue, e.getClass().getSimpleName());
        }
    }
}
