package dev.smsworker.worker.messaging;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes and waits until the broker confirms the message is stored in a queue: confirmed (not
 * nacked) and routed (not returned as unroutable). Only then may the original be acked.
 * Callers run on virtual threads, so waiting costs no platform thread. Never throws anything but
 * {@link PublishFailedException}: whatever the client or the template throws means "not stored".
 */
@Component
public class ConfirmedPublisher {

    private final RabbitTemplate template;
    private final PublishProperties properties;

    ConfirmedPublisher(@Qualifier(MessagingConfiguration.CONFIRMED) RabbitTemplate template, PublishProperties properties) {
        this.template = template;
        this.properties = properties;
    }

    public void publish(String exchange, String routingKey, Message message) throws PublishFailedException {
        CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
        try {
            template.send(exchange, routingKey, message, correlation);
        } catch (RuntimeException e) {
            // Spring's AmqpException, usually. Not always: a channel or connection closed under the
            // template (AlreadyClosedException, ShutdownSignalException) came through as the client's
            // own type and escaped the pipeline, and the message was rejected to sms.failed without a
            // reason (issue 9). Any failure to publish is "not stored": the caller hands the message back.
            throw notPublished(exchange, e);
        }
        CorrelationData.Confirm confirm = awaitConfirm(correlation, exchange);
        // The template records a return before it completes the confirm, so this check is not racy.
        if (correlation.getReturned() != null) {
            throw new PublishFailedException(PublishFailedException.Reason.UNROUTABLE,
                    "unroutable: exchange " + exchange + " has no queue for routing key '" + routingKey + "'");
        }
        if (!confirm.ack()) {
            throw new PublishFailedException(PublishFailedException.Reason.NACKED,
                    "broker refused the message on " + exchange + ": " + confirm.reason());
        }
    }

    private static PublishFailedException notPublished(String exchange, RuntimeException e) {
        return new PublishFailedException(PublishFailedException.Reason.CONNECTION,
                "publish to " + exchange + " failed: " + e.getClass().getSimpleName());
    }

    private CorrelationData.Confirm awaitConfirm(CorrelationData correlation, String exchange) throws PublishFailedException {
        try {
            return correlation.getFuture().get(properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PublishFailedException(PublishFailedException.Reason.TIMED_OUT,
                    "no confirm from the broker within " + properties.confirmTimeout() + " for " + exchange);
        } catch (ExecutionException e) {
            throw new PublishFailedException(PublishFailedException.Reason.CONNECTION, "confirm failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(PublishFailedException.Reason.CONNECTION, "interrupted waiting for a confirm");
        }
    }
}
