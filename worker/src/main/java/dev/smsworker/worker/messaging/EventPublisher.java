package dev.smsworker.worker.messaging;

import com.rabbitmq.client.AMQP;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes status events on a few long-lived channels of the publishing connection, in confirm mode, and
 * does not wait for the confirm: events inform, they never decide (the outcome is stored before its event is
 * published, and the message's ack does not depend on the event). Confirms are kept and tracked per channel
 * ({@link EventChannel}): an event the broker nacks, or whose channel closes before its confirm, is counted
 * in {@code sms_status_events_unconfirmed_total{reason}} and logged.
 *
 * <p>Why not {@code RabbitTemplate.send}: with publisher confirms, Spring's channel cache hands every channel
 * returned with a confirm outstanding to a thread that blocks until the broker confirms, and keeps the channel
 * out of the cache meanwhile; per event, that was a thread hand-off and a channel checkout (issue 16). Here a
 * publish is a sequence number and a frame on a channel that stays open.
 *
 * <p>On shutdown (after the consumers drained) it waits up to {@link #SHUTDOWN_CONFIRM_WAIT} for the last
 * confirms before the channels close.
 */
@Component
public class EventPublisher implements DisposableBean {

    /** Two: publishes serialise per channel, and two keep one busy writer from holding up the rest. */
    static final int CHANNELS = 2;
    static final Duration SHUTDOWN_CONFIRM_WAIT = Duration.ofSeconds(5);

    private final EventChannel[] channels = new EventChannel[CHANNELS];
    private final AtomicInteger next = new AtomicInteger();

    EventPublisher(ConnectionFactory connectionFactory, MeterRegistry registry) {
        Counter nacked = unconfirmed(registry, "nacked");
        Counter closed = unconfirmed(registry, "channel-closed");
        for (int i = 0; i < CHANNELS; i++) {
            channels[i] = new EventChannel(() -> connectionFactory.createConnection().getDelegate(), nacked, closed);
        }
    }

    private static Counter unconfirmed(MeterRegistry registry, String reason) {
        return Counter.builder("sms.status.events.unconfirmed")
                .description("Status events the broker did not confirm: nacked, or their channel closed first")
                .tag("reason", reason).register(registry);
    }

    /**
     * Publishes without waiting for the broker's confirm (not mandatory: nobody has to listen to events). The
     * caller builds the client's properties itself: for an event per delivery, Spring's {@code MessageProperties}
     * and their conversion cost more than the publish (issue 16).
     *
     * @throws RuntimeException when the event could not be handed to the broker at all (no connection, channel
     *                          closed): the caller logs it and carries on
     */
    public void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        channels[Math.floorMod(next.getAndIncrement(), CHANNELS)].publish(exchange, routingKey, properties, body);
    }

    /** Events published and not yet confirmed, across the channels. */
    int outstanding() {
        int sum = 0;
        for (EventChannel channel : channels) {
            sum += channel.outstanding();
        }
        return sum;
    }

    @Override
    public void destroy() {
        long deadline = System.nanoTime() + SHUTDOWN_CONFIRM_WAIT.toNanos();
        for (EventChannel channel : channels) {
            channel.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }
}
