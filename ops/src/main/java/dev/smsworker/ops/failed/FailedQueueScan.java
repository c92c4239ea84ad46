package dev.smsworker.ops.failed;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Topology;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

/**
 * Reads the failed queue from head to tail without losing or reordering anything: every message is taken
 * with {@code basic.get} and held unacked, and {@link #close()} hands back all that were not
 * {@link #remove removed} with one {@code basic.nack(multiple, requeue)}.
 *
 * <p>Why the whole queue, always: a quorum queue (RabbitMQ 3.10, measured in FailedQueueBrowseIT) puts
 * requeued messages behind the ones still ready, so stopping half-way would move the part read to the
 * tail. Read to the end, the requeued messages are the whole queue, back in their order. Messages
 * the worker adds while we read are read too. If the process dies, the broker requeues what it held.
 *
 * <p>A quorum queue applies a requeue asynchronously: for a moment after the nack the messages are
 * neither held nor ready, and a scan started then would miss them and requeue its own part ahead of
 * them. So {@link #close()} waits until the queue shows at least as many ready messages as it handed back.
 * Two operators scanning the same queue at the same moment can still reorder it.
 *
 * <p>A removal counts once the broker has applied it. A quorum queue applies acks as Raft commands that
 * the channel pipelines; past 256 in flight (RabbitMQ 3.10's soft limit) the channel buffers the rest and
 * drops them if it closes first, and the broker hands those messages back: a purge of 3,333 that said
 * "deleted 3333" left 287 in PurgeIT. So every {@value #SETTLE_EVERY} removals, and before closing, the
 * scan makes one synchronous {@code basic.get} on the same queue: the broker answers it only after it
 * applied every ack sent before it (one Raft log, in order).
 *
 * <p>Each read counts as a delivery: quorum queues raise {@code x-delivery-count}, and on RabbitMQ 4.0
 * to 4.2 a quorum queue's default delivery limit (20) drops a message that was read that often, unless
 * a policy raises the limit for {@code sms.failed}. Callers warn from {@link FailedMessage#deliveryCount()}.
 */
public final class FailedQueueScan implements AutoCloseable {

    /** Long enough for a requeue of a large queue; past it we leave, the requeue still completes. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /** Acks in flight between two settle points: well under the 256 a quorum queue's channel pipelines. */
    static final int SETTLE_EVERY = 100;

    private final Channel channel;
    private final String queue;
    private final int depthAtStart;
    private final NavigableSet<Long> held = new TreeSet<>();
    private int read;
    private int unsettled;
    /** Messages settle points took: the next ones in the queue, handed out by {@link #next()} first. */
    private final Deque<GetResponse> early = new ArrayDeque<>();

    public FailedQueueScan(Channel channel) throws IOException {
        this(channel, Topology.FAILED_QUEUE);
    }

    FailedQueueScan(Channel channel, String queue) throws IOException {
        this.channel = channel;
        this.queue = queue;
        this.depthAtStart = (int) Math.min(Integer.MAX_VALUE, channel.messageCount(queue));
    }

    /** How many messages were ready when the scan started: a progress estimate, the queue may grow. */
    public int depthAtStart() {
        return depthAtStart;
    }

    /** The next message, held; null once no message is ready. */
    public FailedMessage next() throws IOException {
        GetResponse response = early.isEmpty() ? channel.basicGet(queue, false) : early.poll();
        if (response == null) {
            return null;
        }
        long tag = response.getEnvelope().getDeliveryTag();
        held.add(tag);
        return FailedMessage.of(tag, read++, response.getEnvelope().getRoutingKey(), response.getProps(), response.getBody());
    }

    /** Takes {@code message} out of the queue for good (acks it). */
    public void remove(FailedMessage message) throws IOException {
        remove(message.deliveryTag());
    }

    /** Takes the message held under {@code deliveryTag} out of the queue for good (acks it). */
    public void remove(long deliveryTag) throws IOException {
        channel.basicAck(deliveryTag, false);
        held.remove(deliveryTag);
        if (++unsettled >= SETTLE_EVERY) {
            settle();
        }
    }

    /**
     * Returns once the broker has applied every {@link #remove} so far (see the class comment). The
     * {@code basic.get} that proves it takes the next message, if any; {@link #next()} hands it out.
     */
    public void settle() throws IOException {
        if (unsettled == 0) {
            return;
        }
        GetResponse next = channel.basicGet(queue, false);
        if (next != null) {
            early.add(next);
        }
        unsettled = 0;
    }

    /**
     * Messages ready in sms.failed, counted by the broker on a channel of its own: what a command reports as
     * left after it closed its scan's channel (so its acks are applied and its requeues ready).
     */
    public static int depth(Connection connection) throws IOException {
        try (Channel channel = connection.createChannel()) {
            return (int) Math.min(Integer.MAX_VALUE, channel.messageCount(Topology.FAILED_QUEUE));
        } catch (TimeoutException e) {
            throw new IOException("closing a channel timed out", e);
        }
    }

    public int read() {
        return read;
    }

    /** Hands every held message back, in the order read, and waits until they are ready again. */
    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            settle();
        }
        // Taken by a settle point, never handed out: they go back with the rest.
        early.forEach(response -> held.add(response.getEnvelope().getDeliveryTag()));
        early.clear();
        // A closed channel has handed them back already. The nack names a tag still held: the broker
        // refuses (and closes the channel) for one already acked, even with multiple=true.
        if (held.isEmpty() || !channel.isOpen()) {
            return;
        }
        channel.basicNack(held.last(), true, true);
        awaitReady(held.size());
        held.clear();
    }

    private void awaitReady(int count) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (channel.messageCount(queue) < count && System.nanoTime() < deadline) {
            // Polling: the broker sends no signal when a requeue has been applied.
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
