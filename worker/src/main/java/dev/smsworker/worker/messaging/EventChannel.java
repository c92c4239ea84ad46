package dev.smsworker.worker.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One long-lived channel in confirm mode and the delivery tags of its events still awaiting a confirm. A
 * publish takes the channel's lock only for the sequence number and the frame. Acks and nacks arrive on the
 * connection's thread and only remove tags, so they never wait for a publisher. A closed channel is replaced
 * on the next publish; what it had outstanding is counted as unconfirmed, since its confirms can no longer come.
 */
final class EventChannel {

    private static final Logger log = LoggerFactory.getLogger(EventChannel.class);

    private final Supplier<Connection> connection;
    private final Counter nacked;
    private final Counter closed;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Tracked current;

    EventChannel(Supplier<Connection> connection, Counter nacked, Counter closed) {
        this.connection = connection;
        this.nacked = nacked;
        this.closed = closed;
    }

    void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        lock.lock();
        try {
            Tracked tracked = open();
            long tag = tracked.channel.getNextPublishSeqNo();
            // Before the frame leaves: the ack can arrive before basicPublish returns.
            tracked.pending.add(tag);
            try {
                tracked.channel.basicPublish(exchange, routingKey, false, properties, body);
            } catch (IOException | RuntimeException e) {
                tracked.pending.remove(tag);
                throw new IllegalStateException("status event not handed to the broker: " + e.getClass().getSimpleName(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    int outstanding() {
        Tracked tracked = current;
        return tracked == null ? 0 : tracked.pending.size();
    }

    /** Waits up to {@code wait} for the outstanding confirms, then closes the channel. */
    void close(Duration wait) {
        lock.lock();
        try {
            Tracked tracked = current;
            if (tracked == null || !tracked.channel.isOpen()) {
                return;
            }
            try {
                tracked.channel.waitForConfirms(Math.max(1, wait.toMillis()));
                tracked.channel.close();
            } catch (IOException | TimeoutException | RuntimeException e) {
                log.debug("closing a status-event channel: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The open channel, or a new one when there is none or it closed. Called under the lock. */
    private Tracked open() {
        Tracked tracked = current;
        if (tracked != null && tracked.channel.isOpen()) {
            return tracked;
        }
        try {
            Channel channel = connection.get().createChannel();
            if (channel == null) {
                throw new IllegalStateException("no channel left on the publishing connection (channel_max)");
            }
            channel.confirmSelect();
            Tracked opened = new Tracked(channel, new ConcurrentSkipListSet<>());
            channel.addConfirmListener(opened);
            channel.addShutdownListener(cause -> opened.lost(cause.isInitiatedByApplication()));
            current = opened;
            return opened;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a status-event channel: " + e.getClass().getSimpleName(), e);
        }
    }

    /** A channel and its events awaiting a confirm; its listener sees only its own channel's confirms. */
    private final class Tracked implements ConfirmListener {
        final Channel channel;
        final NavigableSet<Long> pending;

        Tracked(Channel channel, NavigableSet<Long> pending) {
            this.channel = channel;
            this.pending = pending;
        }

        @Override
        public void handleAck(long tag, boolean multiple) {
            settle(tag, multiple);
        }

        @Override
        public void handleNack(long tag, boolean multiple) {
            int count = settle(tag, multiple);
            nacked.increment(count);
            log.warn("the broker refused {} status event(s) (basic.nack); their outcomes are stored, only the events are lost", count);
        }

        private int settle(long tag, boolean multiple) {
            if (!multiple) {
                return pending.remove(tag) ? 1 : 0;
            }
            NavigableSet<Long> settled = pending.headSet(tag, true);
            int count = settled.size();
            settled.clear();
            return count;
        }

        void lost(boolean byUs) {
            int count = pending.size();
            pending.clear();
            if (count > 0) {
                closed.increment(count);
                if (!byUs) {
                    log.warn("{} status event(s) unconfirmed when their channel closed; their outcomes are stored, the events may be lost", count);
                }
            }
        }
    }
}
