package dev.smsworker.worker.pipeline;

import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.worker.dedup.Claim;
import dev.smsworker.worker.dedup.SendDeduplication;
import dev.smsworker.worker.dedup.SentRecord;
import dev.smsworker.worker.dedup.SentRecordUnavailableException;
import dev.smsworker.worker.deadletter.DeadLetterPublisher;
import dev.smsworker.worker.events.StatusEvents;
import dev.smsworker.worker.intake.Intake;
import dev.smsworker.worker.intake.ReadResult;
import dev.smsworker.worker.intake.Received;
import dev.smsworker.worker.messaging.Failure;
import dev.smsworker.worker.messaging.MessageContext;
import dev.smsworker.worker.messaging.PublishFailedException;
import dev.smsworker.worker.observability.LogContext;
import dev.smsworker.worker.observability.SmsMetrics;
import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.retry.RetryDecision;
import dev.smsworker.worker.retry.RetryPlanner;
import dev.smsworker.worker.retry.RetryPublisher;
import dev.smsworker.worker.routing.RouteHold;
import dev.smsworker.worker.routing.RouteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * One consumed message, start to end: read, check expiry, send through the providers, and store the
 * outcome (sent; a delay queue; the failed queue). Returns {@link Disposition#ACK} only once that
 * outcome is safely stored, so a message is never both lost and acked.
 */
@Component
public class SmsPipeline {

    private static final Logger log = LoggerFactory.getLogger(SmsPipeline.class);

    private final Intake intake;
    private final Expiry expiry;
    private final RouteHold router;
    private final RetryPlanner planner;
    private final RetryPublisher retries;
    private final DeadLetterPublisher deadLetters;
    private final StatusEvents events;
    private final SmsMetrics metrics;
    private final SendDeduplication deduplication;
    private final Clock clock;

    SmsPipeline(Intake intake, Expiry expiry, RouteHold router, RetryPlanner planner, RetryPublisher retries,
                DeadLetterPublisher deadLetters, StatusEvents events, SmsMetrics metrics,
                SendDeduplication deduplication, Clock clock) {
        this.intake = intake;
        this.expiry = expiry;
        this.router = router;
        this.planner = planner;
        this.retries = retries;
        this.deadLetters = deadLetters;
        this.events = events;
        this.metrics = metrics;
        this.deduplication = deduplication;
        this.clock = clock;
    }

    /**
     * Never throws for a bug in one message's processing: an unexpected exception ends the message in
     * {@code sms.failed} like any failure, with a reason and a {@code failed} event (see
     * {@link #internalError}). Only when even that can't be stored does an exception reach the consumer.
     */
    public Disposition process(Message message, String sourceQueue) {
        Instant now = clock.instant();
        MessageContext context = null;
        try {
            Received received = intake.receive(message, sourceQueue, now);
            context = received.context();
            try (LogContext ignored = LogContext.of(context)) {
                return switch (received.result()) {
                    case ReadResult.Invalid invalid -> fail(context, invalid.failure());
                    case ReadResult.Valid valid -> send(context, valid.request(), now);
                };
            }
        } catch (RuntimeException e) {
            return internalError(context != null ? context : InternalErrors.bareContext(message, sourceQueue, now), e);
        }
    }

    /**
     * A bug, not an outcome: before, it escaped to the consumer, which rejected the message into
     * sms.failed with only the broker's x-death, no reason and no event (issue 9). It now fails like
     * any other failure: MESSAGE_FATAL, code {@code internal-error}, because it is handled as one (given up
     * at once; no retry and no failover, which would repeat the bug, perhaps after a provider took the
     * SMS). The code says the fault is the worker's: replay those messages once the bug is fixed.
     */
    private Disposition internalError(MessageContext context, RuntimeException e) {
        try (LogContext ignored = LogContext.of(context)) {
            log.error("unexpected {} while processing a message; failing it as {}", e.getClass().getName(),
                    InternalErrors.CODE, InternalErrors.withoutMessage(e));
            return fail(context, InternalErrors.failure(e));
        }
    }

    private Disposition send(MessageContext context, SmsRequest request, Instant now) {
        // Claimed before expiry is checked: a message sent before it expired and redelivered after is still sent.
        Claim claim;
        try {
            claim = deduplication.claim(context, request);
        } catch (SentRecordUnavailableException e) {
            // sms.dedup.required: no send without the check; the lanes pause until the store is back.
            LogContext.outcome("requeued", null);
            log.warn("not sent: {}; handing the message back to the broker", e.getMessage());
            return Disposition.REQUEUE;
        }
        return switch (claim) {
            case Claim.Held held -> sendHeld(context, request, now, held);
            case Claim.AlreadySent already -> alreadySent(context, already.previous());
            case Claim.InProgress ignored -> inProgress();
            case Claim.Reused reused -> fail(context, Failure.of(ErrorClass.MALFORMED, "message-id-reused",
                    "messageId already " + (reused.sent() ? "sent" : "being sent") + " with another recipient or text; "
                            + "one id, one message"));
        };
    }

    /**
     * This delivery holds the message id. The claim becomes the sent record when a provider accepted it,
     * and is released after any other outcome. An exception leaves the claim to lapse by itself: whether
     * a provider took the message is then unknown, so no copy may send before the claim times out.
     */
    private Disposition sendHeld(MessageContext context, SmsRequest request, Instant now, Claim.Held held) {
        Instant expiresAt = expiry.expiresAt(request, context);
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            deduplication.release(held);
            return fail(context, Failure.of(ErrorClass.EXPIRED, "expired", "expired at " + expiresAt + " before attempt " + context.attempt()));
        }
        // expiresAt goes to the provider too, as the SMS's validity: a carrier must not deliver a dead code.
        OutgoingSms sms = new OutgoingSms(context.messageId(), context.correlationId(), request.to(), request.body(),
                request.from(), context.kind(), expiresAt);
        // No provider of the route could be tried: held without spending an attempt, until one can.
        RouteResult route = router.send(sms, context.sourceQueue(), expiresAt);
        if (route.mustWait()) {
            deduplication.release(held);
            return notTried(context, route, expiresAt);
        }
        if (route.outcome() instanceof SendResult.Sent sent) {
            // Before the ack: if the ack is lost, the redelivery finds this record and is not sent again.
            deduplication.recordSend(held, sent);
        } else {
            deduplication.release(held);
        }
        return switch (route.outcome()) {
            case SendResult.Sent sent -> sent(context, sent);
            case SendResult.Retryable retryable -> retry(context, failure(retryable, route), now, expiresAt);
            case SendResult.ProviderFatal fatal -> fail(context, failure(fatal, route));
            case SendResult.MessageFatal fatal -> fail(context, failure(fatal, route));
        };
    }

    /** Another delivery of this message is being sent and outlasted the claim wait: try this one again later. */
    private static Disposition inProgress() {
        LogContext.outcome("requeued", null);
        log.info("the same message is being sent by another delivery; handed back to the broker");
        return Disposition.REQUEUE;
    }

    private Disposition sent(MessageContext context, SendResult.Sent sent) {
        LogContext.outcome("sent", sent.provider());
        log.info("sms sent");
        metrics.sent(context, sent.provider());
        events.sent(context, sent.provider(), sent.providerMessageId());
        return Disposition.ACK;
    }

    /** A redelivery of a message a provider already accepted (the ack was lost): ack it, send nothing. */
    private Disposition alreadySent(MessageContext context, SentRecord previous) {
        LogContext.outcome("sent", previous.provider());
        log.info("sms already sent by {} at {}; redelivery acked without sending again", previous.provider(), previous.sentAt());
        events.sent(context, previous.provider(), previous.providerMessageId());
        return Disposition.ACK;
    }

    private Disposition retry(MessageContext context, Failure failure, Instant now, Instant expiresAt) {
        return switch (planner.plan(context.attempt(), now, expiresAt)) {
            case RetryDecision.Delay delay -> delay(context, failure, delay);
            case RetryDecision.Exhausted ignored -> fail(context, failure.as(ErrorClass.EXHAUSTED,
                    "gave up after " + context.attempt() + " attempts; last: " + failure.message()));
            case RetryDecision.ExpiresFirst ignored -> fail(context, failure.as(ErrorClass.EXPIRED,
                    "would expire before the next retry; last: " + failure.message()));
        };
    }

    private Disposition delay(MessageContext context, Failure failure, RetryDecision.Delay delay) {
        try {
            retries.publish(context, delay.tier(), failure);
        } catch (PublishFailedException e) {
            if (e.reason() == PublishFailedException.Reason.UNROUTABLE) {
                // The delay queue is gone (deleted or unbound). Keep the message where ops will see it.
                return fail(context, failure.as(ErrorClass.RETRYABLE,
                        "delay queue " + delay.tier().queue() + " unroutable, parked here; last: " + failure.message()));
            }
            return requeue(e);
        }
        LogContext.outcome("retrying", failure.provider());
        log.info("sms retrying in {} ({} {})", delay.tier().label(), failure.errorClass(), failure.code());
        metrics.retrying(context, failure, delay.tier());
        events.retrying(context, failure);
        return Disposition.ACK;
    }

    private Disposition fail(MessageContext context, Failure failure) {
        try {
            deadLetters.publish(context, failure);
        } catch (PublishFailedException e) {
            return requeue(e);
        }
        LogContext.outcome("failed", failure.provider());
        log.warn("sms failed: {} {}: {}", failure.errorClass(), failure.code(), failure.message());
        metrics.failed(context, failure);
        events.failed(context, failure);
        return Disposition.ACK;
    }

    /** Held until it expired (fails EXPIRED with its providers' last real error), or the worker is stopping. */
    private Disposition notTried(MessageContext context, RouteResult route, Instant expiresAt) {
        SendResult.Failed last = (SendResult.Failed) route.outcome();
        if (expiresAt != null && !clock.instant().isBefore(expiresAt)) {
            return fail(context, failure(last, route).as(ErrorClass.EXPIRED, "expired at " + expiresAt
                    + " while held: no provider of its route could take it; last: " + last.reason()));
        }
        LogContext.outcome("requeued", null);
        log.info("stopping while the message was held; handed back unsent, attempt {} not spent", context.attempt());
        return Disposition.REQUEUE;
    }

    private static Disposition requeue(PublishFailedException e) {
        LogContext.outcome("requeued", null);
        log.warn("outcome not stored, handing the message back to the broker: {}", e.getMessage());
        return Disposition.REQUEUE;
    }

    private static Failure failure(SendResult.Failed failed, RouteResult route) {
        return new Failure(failed.errorClass(), failed.code(), failed.reason(), failed.provider(), route.failureSummary(),
                route.maybeDelivered());
    }
}
