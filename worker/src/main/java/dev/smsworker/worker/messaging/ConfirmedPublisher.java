package dev.smsworker.worker.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ReturnListener;
import dev.smsworker.worker.tracing.MessageTracing;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes and waits until the broker confirms the message is stored in a queue: confirmed (not
 * nacked) and routed (not returned as unroutable). Only then may the original be acked.
 * Callers run on virtual threads, so waiting costs no platform thread.
 *
 * <p>It publishes on a channel it holds for the whole publish-and-confirm, not through
 * {@code RabbitTemplate.send}: the template matches a {@code basic.return} to its publish by two
 * headers it writes on the message ({@code spring_listener_return_correlation},
 * {@code spring_returned_message_correlation}), and those stayed on every message in the delay and
 * failed queues. With one publish in flight on the channel no header is needed: the broker sends
 * an unroutable mandatory message's {@code basic.return} before its {@code basic.ack}, on the same
 * channel, so a return seen before the confirm is this message's.
 *
 * <p>Never throws anything but {@link PublishFailedException}: whatever the client or the template throws
 * means "not stored".
 */
@Component
public class ConfirmedPublisher {

    private static final MessagePropertiesConverter PROPERTIES = new DefaultMessagePropertiesConverter();

    private final RabbitTemplate template;
    private final PublishProperties properties;
    private final MessageTracing tracing;

    ConfirmedPublisher(@Qualifier(MessagingConfiguration.CONFIRMED) RabbitTemplate template, PublishProperties properties,
                       MessageTracing tracing) {
        this.template = template;
        this.properties = properties;
        this.tracing = tracing;
    }

    public void publish(String exchange, String routingKey, Message message) throws PublishFailedException {
        // The attempt's trace context, so the next attempt (or a replay) continues the publisher's trace.
        tracing.inject(message.getMessageProperties().getHeaders());
        AMQP.BasicProperties amqpProperties = PROPERTIES.fromMessageProperties(message.getMessageProperties(),
                StandardCharsets.UTF_8.name());
        Confirm confirm;
        try {
            confirm = template.execute(channel -> publishAndAwait(channel, exchange, routingKey, amqpProperties, message.getBody()));
        } catch (RuntimeException e) {
            // Spring's AmqpException, usually. Not always: a channel or connection closed under the
            // template (AlreadyClosedException, ShutdownSignalException) came through as the client's
            // own type and escaped the pipeline, and the message was rejected to sms.failed without a
            // reason (issue 9). Any failure to publish is "not stored": the caller hands the message back.
            throw notPublished(exchange, e);
        }
        switch (confirm) {
            case STORED -> { }
            case RETURNED -> throw new PublishFailedException(PublishFailedException.Reason.UNROUTABLE,
                    "unroutable: exchange " + exchange + " has no queue for routing key '" + routingKey + "'");
            case NACKED -> throw new PublishFailedException(PublishFailedException.Reason.NACKED,
                    "broker refused the message on " + exchange);
            case TIMED_OUT -> throw new PublishFailedException(PublishFailedException.Reason.TIMED_OUT,
                    "no confirm from the broker within " + properties.confirmTimeout() + " for " + exchange);
            case INTERRUPTED -> throw new PublishFailedException(PublishFailedException.Reason.CONNECTION,
                    "interrupted waiting for a confirm");
        }
    }

    private static PublishFailedException notPublished(String exchange, RuntimeException e) {
        return new PublishFailedException(PublishFailedException.Reason.CONNECTION,
                "publish to " + exchange + " failed: " + e.getClass().getSimpleName());
    }

    private enum Confirm { STORED, RETURNED, NACKED, TIMED_OUT, INTERRUPTED }

    private Confirm publishAndAwait(Channel channel, String exchange, String routingKey, AMQP.BasicProperties amqpProperties,
                                    byte[] body) throws IOException {
        long timeout = properties.confirmTimeout().toMillis();
        AtomicBoolean returned = new AtomicBoolean();
        ReturnListener listener = channel.addReturnListener(r -> returned.set(true));
        try {
            // A cached channel may still wait for the confirm of someone else's publish (a status
            // event): settle it first, so its ack or nack is not taken for this message's.
            channel.waitForConfirms(timeout);
            channel.basicPublish(exchange, routingKey, true, amqpProperties, body);
            boolean acked = channel.waitForConfirms(timeout);
            if (returned.get()) {
                return Confirm.RETURNED;
            }
            return acked ? Confirm.STORED : Confirm.NACKED;
        } catch (TimeoutException e) {
            discard(channel);
            return Confirm.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(channel);
            return Confirm.INTERRUPTED;
        } finally {
            channel.removeReturnListener(listener);
        }
    }

    /**
     * A channel with a confirm still outstanding must not go back to the cache: its late ack or nack
     * would be counted for the next publisher's message. Closing the real channel makes the cache drop it.
     */
    private static void discard(Channel channel) {
        Channel target = channel instanceof ChannelProxy proxy ? proxy.getTargetChannel() : channel;
        try {
            target.abort();
        } catch (IOException | RuntimeException e) {
            // Already closed: nothing left to drop.
        }
    }
}
