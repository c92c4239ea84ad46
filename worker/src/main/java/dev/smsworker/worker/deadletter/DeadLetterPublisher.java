package dev.smsworker.worker.deadletter;

import dev.smsworker.contracts.Topology;
import dev.smsworker.worker.messaging.ConfirmedPublisher;
import dev.smsworker.worker.message.Failure;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.messaging.OutboundMessages;
import dev.smsworker.worker.messaging.PublishFailedException;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** Moves a message to the failed queue, with headers that say why. */
@Component
public class DeadLetterPublisher {

    private final ConfirmedPublisher publisher;
    private final Clock clock;

    DeadLetterPublisher(ConfirmedPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    public void publish(MessageContext context, Failure failure) throws PublishFailedException {
        String routingKey = context.routingKey() != null ? context.routingKey() : "";
        publisher.publish(Topology.FAILED_EXCHANGE, routingKey, OutboundMessages.forFailed(context, failure, clock.instant()));
    }
}
