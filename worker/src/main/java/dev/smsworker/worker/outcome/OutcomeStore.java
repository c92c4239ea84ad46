package dev.smsworker.worker.outcome;

import dev.smsworker.contracts.Topology;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.messaging.ConfirmedPublisher;
import dev.smsworker.worker.messaging.OutboundMessages;
import dev.smsworker.worker.messaging.PublishFailedException;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Makes an outcome durable before the consumed message is acked: a confirmed republish to a delay
 * queue or to the failed exchange. A sent message needs nothing more (the provider has it, and the
 * sent-id record was written before). Says so when it could not: the message is then handed back.
 */
@Component
public class OutcomeStore {

    /** Whether the outcome is stored. */
    public sealed interface Result {

        /** Stored: ack the message. {@code outcome} is what was stored, which differs from the one asked for
         * when its delay queue was gone ({@link OutcomePolicy#parked}). */
        record Stored(Outcome outcome) implements Result {
        }

        /** Not stored (no confirm, a nack, a lost connection): hand the message back to the broker. */
        record NotStored(String reason) implements Result {
        }
    }

    private final ConfirmedPublisher publisher;
    private final OutcomePolicy policy;
    private final Clock clock;

    OutcomeStore(ConfirmedPublisher publisher, OutcomePolicy policy, Clock clock) {
        this.publisher = publisher;
        this.policy = policy;
        this.clock = clock;
    }

    public Result store(MessageContext context, Outcome outcome) {
        try {
            return new Result.Stored(switch (outcome) {
                case Outcome.Sent sent -> sent;
                case Outcome.AlreadySent already -> already;
                case Outcome.Delayed delayed -> delay(context, delayed);
                case Outcome.Held held -> hold(context, held);
                case Outcome.Failed failed -> fail(context, failed);
                case Outcome.Refused refused -> {
                    fail(context, new Outcome.Failed(refused.failure()));
                    yield refused;
                }
            });
        } catch (PublishFailedException e) {
            return new Result.NotStored(e.getMessage());
        }
    }

    /** Parks the message in the tier's delay queue; its TTL sends it back to the lane it came from. */
    private Outcome delay(MessageContext context, Outcome.Delayed delayed) throws PublishFailedException {
        try {
            // The routing key stays the publisher's (send.otp, ...): the tier exchange is a fanout, and
            // dead-lettering back to [sms] routes by it.
            publisher.publish(delayed.tier().exchange(), context.routingKey(),
                    OutboundMessages.forRetry(context, delayed.failure()));
            return delayed;
        } catch (PublishFailedException e) {
            if (e.reason() != PublishFailedException.Reason.UNROUTABLE) {
                throw e;
            }
            return fail(context, policy.parked(delayed));
        }
    }

    /** Parks a held message in its tier's delay queue, its attempt not spent; it comes back to its lane the same way. */
    private Outcome hold(MessageContext context, Outcome.Held held) throws PublishFailedException {
        try {
            publisher.publish(held.tier().exchange(), context.routingKey(),
                    OutboundMessages.forHold(context, held.code().code(), held.since()));
            return held;
        } catch (PublishFailedException e) {
            if (e.reason() != PublishFailedException.Reason.UNROUTABLE) {
                throw e;
            }
            return fail(context, policy.parked(held));
        }
    }

    /** Moves the message to the failed queue, with headers that say why. */
    private Outcome.Failed fail(MessageContext context, Outcome.Failed failed) throws PublishFailedException {
        String routingKey = context.routingKey() != null ? context.routingKey() : "";
        publisher.publish(Topology.FAILED_EXCHANGE, routingKey,
                OutboundMessages.forFailed(context, failed.failure(), clock.instant()));
        return failed;
    }
}
