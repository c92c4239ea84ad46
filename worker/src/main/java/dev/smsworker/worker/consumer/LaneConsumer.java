package dev.smsworker.worker.consumer;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.smsworker.worker.pipeline.Disposition;
import dev.smsworker.worker.pipeline.SmsPipeline;
import dev.smsworker.worker.tracing.MessageTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * One consumer channel of a lane. Each delivery runs on its own virtual thread, so a slow provider
 * costs no platform thread; the lane's {@link InFlightLimit} bounds how many run at once. The delivery is
 * acked, or handed back, only when the pipeline says its outcome is stored.
 */
final class LaneConsumer extends DefaultConsumer {

    private static final Logger log = LoggerFactory.getLogger(LaneConsumer.class);
    // Headers are converted in full: a large header must reach the failed queue as it came, not as a stream.
    private static final DefaultMessagePropertiesConverter CONVERTER =
            new DefaultMessagePropertiesConverter(Integer.MAX_VALUE, true);

    private final Lane lane;
    private final SmsPipeline pipeline;
    private final MessageTracing tracing;
    private final InFlightLimit inFlight;
    private final ExecutorService executor;
    private final Duration requeueDelay;
    private final ChannelAcks acks;
    private volatile boolean cancelled;
    private volatile boolean paused;
    private int resumes;

    LaneConsumer(Channel channel, Lane lane, SmsPipeline pipeline, MessageTracing tracing, InFlightLimit inFlight, ExecutorService executor,
                 Duration requeueDelay) {
        super(channel);
        this.lane = lane;
        this.pipeline = pipeline;
        this.tracing = tracing;
        this.inFlight = inFlight;
        this.executor = executor;
        this.requeueDelay = requeueDelay;
        this.acks = new ChannelAcks(channel, lane.queue);
    }

    Lane lane() {
        return lane;
    }

    /** Live: consuming, or paused on purpose with its channel (and its held deliveries) open. */
    boolean active() {
        return !cancelled && getChannel().isOpen() && getConsumerTag() != null;
    }

    boolean paused() {
        return paused;
    }

    /**
     * Stops taking new deliveries (basic.cancel) but keeps the channel open: the messages it holds stay
     * unacked and are settled on this channel when their providers come back.
     */
    void pause() {
        if (paused || cancelled) {
            return;
        }
        paused = true;
        acks.flushAll();
        try {
            getChannel().basicCancel(getConsumerTag());
        } catch (IOException | RuntimeException e) {
            log.warn("pausing the consumer on {} failed ({}); it keeps consuming", lane.queue, e.getClass().getSimpleName());
            paused = false;
        }
    }

    /** Takes deliveries again (basic.consume on the same channel). */
    void resume() {
        if (!paused || cancelled) {
            return;
        }
        try {
            getChannel().basicConsume(lane.queue, false, getConsumerTag().replaceFirst("-r\\d+$", "") + "-r" + (++resumes), this);
            paused = false;
        } catch (IOException | RuntimeException e) {
            log.warn("resuming the consumer on {} failed ({}); retried by the supervisor", lane.queue, e.getClass().getSimpleName());
        }
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        // Blocks this channel's dispatch (not other lanes') when the lane is at its in-flight limit.
        inFlight.acquire();
        long tag = envelope.getDeliveryTag();
        acks.delivered(tag);
        long handedOver = System.nanoTime();
        try {
            executor.execute(() -> {
                inFlight.started(System.nanoTime() - handedOver);
                try {
                    MessageProperties messageProperties = CONVERTER.toMessageProperties(properties, envelope, "UTF-8");
                    messageProperties.setConsumerQueue(lane.queue);
                    settle(tag, tracing.inAttempt(messageProperties.getHeaders(), lane.queue, messageProperties.getMessageId(),
                            () -> pipeline.process(new Message(body, messageProperties), lane.queue)));
                } catch (RuntimeException | Error e) {
                    // The pipeline fails a message whose processing threw, with a reason; this is the last
                    // resort when even that could not be stored. Rejecting without requeue sends it through
                    // the work queue's dead-letter exchange to sms.failed; requeueing could loop forever.
                    log.error("unexpected {} while storing a message's outcome; rejected to the failed queue without a reason",
                            e.getClass().getName());
                    reject(tag);
                } finally {
                    inFlight.release();
                }
            });
        } catch (RuntimeException e) {
            // The executor is shut down (the worker is stopping): hand the message back untouched.
            inFlight.release();
            requeue(tag);
        }
    }

    private void settle(long tag, Disposition disposition) {
        switch (disposition) {
            case ACK -> ack(tag);
            case REQUEUE -> requeue(tag);
        }
    }

    /** Coalesced with the channel's other acks ({@link ChannelAcks}): sent within a few milliseconds. */
    private void ack(long tag) {
        acks.ack(tag);
    }

    private void requeue(long tag) {
        try {
            Thread.sleep(requeueDelay);
        } catch (InterruptedException e) {
            // Left unsettled (and never covered by a multiple ack): the broker redelivers it when the channel closes.
            Thread.currentThread().interrupt();
            return;
        }
        acks.requeue(tag);
    }

    private void reject(long tag) {
        acks.reject(tag);
    }

    /** Sends the acks still waiting to be coalesced; before the channel closes (stop, resubscribe). */
    void flushAcks() {
        acks.flushAll();
    }

    @Override
    public void handleCancel(String consumerTag) {
        // The broker cancelled us (queue deleted, or a cluster node went away): the supervisor resubscribes.
        cancelled = true;
        log.warn("consumer on {} cancelled by the broker", lane.queue);
    }

    @Override
    public void handleShutdownSignal(String consumerTag, ShutdownSignalException sig) {
        if (!sig.isInitiatedByApplication()) {
            log.warn("consumer channel on {} closed: {}", lane.queue, sig.getReason() == null ? "" : sig.getReason().protocolMethodName());
        }
    }

    void cancel() {
        cancelled = true;
        acks.flushAll();
        try {
            if (getChannel().isOpen() && getConsumerTag() != null) {
                getChannel().basicCancel(getConsumerTag());
            }
        } catch (IOException | RuntimeException e) {
            log.debug("cancel on {} failed: {}", lane.queue, e.toString());
        }
    }
}
