package dev.smsworker.worker.retry;

import dev.smsworker.worker.messaging.ConfirmedPublisher;
import dev.smsworker.worker.message.Failure;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.messaging.OutboundMessages;
import dev.smsworker.worker.messaging.PublishFailedException;
import org.springframework.stereotype.Component;

/** Parks a message in a delay queue; its TTL sends it back to the lane it came from. */
@Component
public class RetryPublisher {

    private final ConfirmedPublisher publisher;

    RetryPublisher(ConfirmedPublisher publisher) {
        this.publisher = publisher;
    }

    public void publish(MessageContext context, DelayTier tier, Failure failure) throws PublishFailedException {
        // The routing key stays the publisher's (send.otp, ...): the tier exchange is a fanout, and
        // dead-lettering back to [sms] routes by it.
        publisher.publish(tier.exchange(), context.routingKey(), OutboundMessages.forRetry(context, failure));
    }
}
