package dev.smsworker.ops.connection;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ShutdownSignalException;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/**
 * Mandatory publishes with publisher confirms, many in flight: publish a batch, then {@link #await} the
 * broker's verdict on each. A message counts as stored only when it was acked and not returned.
 *
 * <p>Returns carry no sequence number, so they are matched by AMQP message-id: a caller must not have
 * two publishes with the same message-id in flight at once. The broker sends a message's
 * {@code basic.return} before its {@code basic.ack}, on the same connection thread, so a return is always
 * known by the time its ack is.
 */
public final class ConfirmingPublisher {

    /** The broker's verdict on one publish. */
    public enum Verdict { STORED, RETURNED, NACKED }

    private final Channel channel;
    private final Object lock = new Object();
    private final NavigableMap<Long, String> inFlight = new TreeMap<>();
    private final Map<Long, Verdict> verdicts = new HashMap<>();
    private final Set<String> returnedIds = new HashSet<>();
    private ShutdownSignalException shutdown;

    public ConfirmingPublisher(Channel channel) throws IOException {
        this.channel = channel;
        channel.confirmSelect();
        channel.addReturnListener(returned -> {
            synchronized (lock) {
                returnedIds.add(String.valueOf(returned.getProperties().getMessageId()));
            }
        });
        channel.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long sequence, boolean multiple) {
                settle(sequence, multiple, true);
            }

            @Override
            public void handleNack(long sequence, boolean multiple) {
                settle(sequence, multiple, false);
            }
        });
        channel.addShutdownListener(cause -> {
            synchronized (lock) {
                shutdown = cause;
                lock.notifyAll();
            }
        });
    }

    /** Publishes with mandatory set; returns the sequence number to {@link #await}. One publishing thread only. */
    public long publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) throws IOException {
        long sequence;
        synchronized (lock) {
            sequence = channel.getNextPublishSeqNo();
            inFlight.put(sequence, String.valueOf(properties.getMessageId()));
        }
        // Outside the lock: a publish blocked by the broker's flow control must not stall the thread that settles confirms.
        channel.basicPublish(exchange, routingKey, true, properties, body);
        return sequence;
    }

    /**
     * Waits for the verdict on each of {@code sequences}.
     *
     * @throws TimeoutException when a verdict is missing after {@code timeout}: the message may or may not be stored
     * @throws IOException      when the channel closed first (same doubt for the unsettled ones)
     */
    public Map<Long, Verdict> await(Collection<Long> sequences, Duration timeout) throws IOException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!verdicts.keySet().containsAll(sequences)) {
                if (shutdown != null) {
                    throw new IOException("channel closed before the broker confirmed: " + BrokerErrors.describe(shutdown), shutdown);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no confirm from the broker within " + timeout);
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            Map<Long, Verdict> result = new HashMap<>();
            for (long sequence : sequences) {
                result.put(sequence, verdicts.remove(sequence));
            }
            return result;
        }
    }

    private void settle(long sequence, boolean multiple, boolean ack) {
        synchronized (lock) {
            Map<Long, String> settled = multiple ? inFlight.headMap(sequence, true) : subMapOf(sequence);
            for (Map.Entry<Long, String> entry : settled.entrySet()) {
                boolean returned = returnedIds.remove(entry.getValue());
                Verdict verdict = !ack ? Verdict.NACKED : returned ? Verdict.RETURNED : Verdict.STORED;
                verdicts.put(entry.getKey(), verdict);
            }
            settled.clear();
            lock.notifyAll();
        }
    }

    private NavigableMap<Long, String> subMapOf(long sequence) {
        return inFlight.subMap(sequence, true, sequence, true);
    }
}
