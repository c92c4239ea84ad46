package dev.smsworker.worker.pipeline;

import dev.smsworker.contracts.HeaderValues;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.worker.dedup.Claim;
import dev.smsworker.worker.dedup.SendDeduplication;
import dev.smsworker.worker.dedup.SentRecordUnavailableException;
import dev.smsworker.worker.encoding.Segments;
import dev.smsworker.worker.guard.Guard;
import dev.smsworker.worker.guard.GuardedMessage;
import dev.smsworker.worker.guard.Recipients;
import dev.smsworker.worker.guard.Refusal;
import dev.smsworker.worker.guard.SpendRecorder;
import dev.smsworker.worker.intake.Intake;
import dev.smsworker.worker.intake.ReadResult;
import dev.smsworker.worker.intake.Received;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.message.Recipient;
import dev.smsworker.worker.message.UndeliveredBy;
import dev.smsworker.worker.observability.LogContext;
import dev.smsworker.worker.outcome.Outcome;
import dev.smsworker.worker.outcome.OutcomeListener;
import dev.smsworker.worker.outcome.OutcomePolicy;
import dev.smsworker.worker.outcome.OutcomePolicy.BeforeSend;
import dev.smsworker.worker.outcome.OutcomeStore;
import dev.smsworker.worker.outcome.ReceiptLookup;
import dev.smsworker.worker.outcome.Receipted;
import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.routing.RouteHold;
import dev.smsworker.worker.routing.RouteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One consumed message, start to end: read it, decide before sending, send through the providers,
 * decide, store the outcome, tell the listeners. What to decide is {@link OutcomePolicy}'s, how to
 * store it {@link OutcomeStore}'s. Returns {@link Disposition#ACK} only once the outcome is safely
 * stored, so a message is never both lost and acked.
 */
@Component
public class SmsPipeline {

    private static final Logger log = LoggerFactory.getLogger(SmsPipeline.class);

    private final Intake intake;
    private final SendDeduplication deduplication;
    private final RouteHold router;
    private final OutcomePolicy policy;
    private final OutcomeStore store;
    private final List<OutcomeListener> listeners;
    private final ReceiptLookup receipts;
    private final Clock clock;
    private final Guard guard;
    private final SpendRecorder spend;

    SmsPipeline(Intake intake, SendDeduplication deduplication, RouteHold router, OutcomePolicy policy,
                OutcomeStore store, List<OutcomeListener> listeners, ReceiptLookup receipts, Clock clock, Guard guard,
                SpendRecorder spend) {
        this.intake = intake;
        this.deduplication = deduplication;
        this.router = router;
        this.policy = policy;
        this.store = store;
        this.listeners = listeners;
        this.receipts = receipts;
        this.clock = clock;
        this.guard = guard;
        this.spend = spend;
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
                    case ReadResult.Invalid invalid -> conclude(context, new Outcome.Failed(invalid.failure()));
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
            return conclude(context, new Outcome.Failed(InternalErrors.failure(e)));
        }
    }

    private Disposition send(MessageContext unmeasured, SmsRequest request, Instant now) {
        MessageContext context = unmeasured.measured(Segments.of(request.body()), Recipients.region(request.to()),
                new Recipient(request.to()));
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
        return switch (policy.beforeSend(context, request, claim, now)) {
            case BeforeSend.Send send -> sendHeld(context.expiring(send.expiresAt()), request, send, now);
            case BeforeSend.Settled settled -> {
                // Only an expired message settles while this delivery holds the id: nothing was sent.
                if (claim instanceof Claim.Held held) {
                    deduplication.release(held);
                }
                yield conclude(context, settled.outcome());
            }
            case BeforeSend.HandBack ignored -> inProgress();
        };
    }

    /**
     * This delivery holds the message id. The claim becomes the sent record when a provider accepted it,
     * and is released after any other outcome. An exception leaves the claim to lapse by itself: whether
     * a provider took the message is then unknown, so no copy may send before the claim times out.
     */
    private Disposition sendHeld(MessageContext context, SmsRequest request, BeforeSend.Send send, Instant now) {
        // Back from waiting for the receipts of providers that may have it (issue 12): settled by them (before the
        // guard, which would count a send that is not made), or not sent through them again.
        Map<String, Object> headers = context.original().getMessageProperties().getHeaders();
        Set<String> awaited = policy.awaitedReceipts(HeaderValues.string(headers, Headers.MAYBE_DELIVERED).orElse(null));
        if (!awaited.isEmpty()) {
            List<Receipted> said = awaited.stream().map(provider -> receipts.find(provider, context.messageId()))
                    .flatMap(Optional::stream).toList();
            Optional<Outcome.AlreadySent> settled = policy.afterReceiptWait(said);
            if (settled.isPresent()) {
                Outcome.AlreadySent taken = settled.get();
                // As if the provider had answered: later copies of the message find the sent record.
                deduplication.recordSend(send.held(), new SendResult.Sent(taken.provider(), taken.providerMessageId()));
                // The provider took it, so it bills it: the spend counts it as the answer would have.
                spend.sent(taken.provider(), context.country(), context.kind(), context.segments());
                return conclude(context, taken);
            }
        }
        // Before any provider is paid: the guard's rules (segments, countries, caps, suppressions, spend); refused, or
        // held at a spend cap without spending an attempt.
        Optional<Refusal> refusal = guard.check(GuardedMessage.of(context, request.to()));
        if (refusal.isPresent()) {
            deduplication.release(send.held());
            return conclude(context, policy.refused(context, refusal.get(), send.expiresAt(), now));
        }
        // expiresAt goes to the provider too, as the SMS's validity: a carrier must not deliver a dead code.
        OutgoingSms sms = new OutgoingSms(context.messageId(), context.correlationId(), request.to(), request.body(),
                request.from(), context.kind(), send.expiresAt());
        // A copy sent again after receipts said "not delivered" (issue 12) skips the providers that said so.
        Set<String> excluded = union(awaited, UndeliveredBy.providers(HeaderValues.string(headers, Headers.UNDELIVERED_BY).orElse(null)));
        // No provider of the route could be tried: held without spending an attempt, until one can.
        RouteResult route = router.send(sms, send.held().messageId(), context.sourceQueue(), send.expiresAt(), excluded);
        if (route.mustWait()) {
            deduplication.release(send.held());
            return policy.whileHeld(route, send.expiresAt(), clock.instant())
                    .map(outcome -> conclude(context, outcome))
                    .orElseGet(() -> stopping(context));
        }
        if (route.outcome() instanceof SendResult.Sent sent) {
            // Before the ack: if the ack is lost, the redelivery finds this record and is not sent again.
            deduplication.recordSend(send.held(), sent);
            spend.sent(sent.provider(), context.country(), context.kind(), context.segments());
        } else {
            deduplication.release(send.held());
        }
        if (route.outcome() instanceof SendResult.MessageFatal fatal) {
            // An opted-out, landline or invalid number: remembered, so the next message is not paid for.
            guard.learn(request.to(), fatal.provider(), fatal.code());
        }
        return conclude(context, policy.afterSend(context, route, send.expiresAt(), now));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        if (b.isEmpty()) {
            return a;
        }
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** Stores the outcome, then tells the listeners (log line, metrics, status event); or hands the message back. */
    private Disposition conclude(MessageContext context, Outcome outcome) {
        return switch (store.store(context, outcome)) {
            case OutcomeStore.Result.Stored stored -> {
                listeners.forEach(listener -> listener.stored(context, stored.outcome()));
                yield Disposition.ACK;
            }
            case OutcomeStore.Result.NotStored notStored -> {
                LogContext.outcome("requeued", null);
                log.warn("outcome not stored, handing the message back to the broker: {}", notStored.reason());
                yield Disposition.REQUEUE;
            }
        };
    }

    /** Another delivery of this message is being sent and outlasted the claim wait: try this one again later. */
    private static Disposition inProgress() {
        LogContext.outcome("requeued", null);
        log.info("the same message is being sent by another delivery; handed back to the broker");
        return Disposition.REQUEUE;
    }

    /** Held, and the worker is stopping before the message expired. */
    private static Disposition stopping(MessageContext context) {
        LogContext.outcome("requeued", null);
        log.info("stopping while the message was held; handed back unsent, attempt {} not spent", context.attempt());
        return Disposition.REQUEUE;
    }
}
