package dev.smsworker.worker.outcome;

import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.contracts.HeaderValues;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.RefusalCode;
import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.worker.dedup.Claim;
import dev.smsworker.worker.guard.Refusal;
import dev.smsworker.worker.message.Failure;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import dev.smsworker.worker.retry.DelayTier;
import dev.smsworker.worker.retry.DelayTiers;
import dev.smsworker.worker.routing.RouteResult;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what becomes of a message, and nothing else: no I/O, the time passed in, so every rule is
 * tested in milliseconds without a broker (as NServiceBus keeps its recoverability policy apart from
 * the code that executes it). {@link OutcomeStore} makes the decision durable.
 */
@Component
public class OutcomePolicy {

    /** What to do before a provider is called. */
    public sealed interface BeforeSend {

        /** Send it: this delivery holds the message id. {@code expiresAt} is null when it never expires. */
        record Send(Claim.Held held, Instant expiresAt) implements BeforeSend {
        }

        /** Decided without sending. */
        record Settled(Outcome outcome) implements BeforeSend {
        }

        /** Another delivery of the same message is being sent: hand this one back, to be tried again later. */
        record HandBack() implements BeforeSend {
        }
    }

    private final DelayTiers tiers;
    private final Expiry expiry;
    private final ReceiptCallbacks receipts;

    OutcomePolicy(DelayTiers tiers, Expiry expiry, ReceiptCallbacks receipts) {
        this.tiers = tiers;
        this.expiry = expiry;
        this.receipts = receipts;
    }

    /**
     * @param claim what the sent-id record said about the message id
     * @param now   when the message was received
     */
    public BeforeSend beforeSend(MessageContext context, SmsRequest request, Claim claim, Instant now) {
        // The sent record is checked before expiry: a message sent before it expired and redelivered after is still sent.
        return switch (claim) {
            case Claim.AlreadySent already -> new BeforeSend.Settled(new Outcome.AlreadySent(
                    already.previous().provider(), already.previous().providerMessageId(), already.previous().sentAt()));
            case Claim.InProgress ignored -> new BeforeSend.HandBack();
            case Claim.Reused reused -> new BeforeSend.Settled(new Outcome.Failed(Failure.of(ErrorClass.MALFORMED,
                    "message-id-reused", "messageId already " + (reused.sent() ? "sent" : "being sent")
                            + " with another recipient or text; one id, one message")));
            case Claim.Held held -> {
                Instant expiresAt = expiry.expiresAt(request, context);
                if (expiresAt != null && !now.isBefore(expiresAt)) {
                    yield new BeforeSend.Settled(new Outcome.Failed(expired(context, expiresAt)));
                }
                yield new BeforeSend.Send(held, expiresAt);
            }
        };
    }

    /**
     * The guard stopped the message before any provider was called. Refused for good, it goes to {@code sms.failed}
     * as {@code REFUSED}. Held ({@link Refusal#hold()}: a kind at its spend cap with {@code at-cap=hold}), it waits
     * without spending an attempt in the longest delay tier that ends before it expires: thousands held at a cap
     * come back once per that delay (9 minutes by default), never in a loop, and are sent at most that long after
     * the day rolled over or the cap was raised. When even the shortest tier would outlast it, it fails
     * {@code EXPIRED} now, with the rule's code and a reason naming the cap.
     *
     * @param expiresAt as decided {@link #beforeSend before sending}, or null
     * @param now       when the message was received
     */
    public Outcome refused(MessageContext context, Refusal refusal, Instant expiresAt, Instant now) {
        if (!refusal.hold()) {
            return new Outcome.Refused(refusal.code(), refusal.reason());
        }
        Optional<DelayTier> wait = tiers.all().stream()
                .filter(tier -> expiresAt == null || !now.plus(tier.delay()).isAfter(expiresAt))
                .max(Comparator.comparing(DelayTier::delay));
        if (wait.isEmpty()) {
            return new Outcome.Failed(Failure.of(ErrorClass.EXPIRED, refusal.code().code(),
                    "would expire at " + expiresAt + " while held: " + refusal.reason()));
        }
        return new Outcome.Held(wait.get(), refusal.code(), refusal.reason(), heldSince(context).orElse(now));
    }

    /**
     * After a provider of the route was called ({@code route.mustWait()} is false).
     *
     * @param expiresAt as decided {@link #beforeSend before sending}, or null
     * @param now       when the message was received: a retry is planned from there
     */
    public Outcome afterSend(MessageContext context, RouteResult route, Instant expiresAt, Instant now) {
        return switch (route.outcome()) {
            case SendResult.Sent sent -> new Outcome.Sent(sent.provider(), sent.providerMessageId());
            // The router stopped here (issue 12): wait for this provider's receipt rather than guess.
            case SendResult.Retryable retryable when retryable.maybeDelivered() && receipts.awaitsReceipt(retryable.provider()) ->
                    awaitReceipt(context, failure(retryable, route), expiresAt, now);
            case SendResult.Retryable retryable -> retry(context, failure(retryable, route), expiresAt, now);
            case SendResult.ProviderFatal fatal -> new Outcome.Failed(failure(fatal, route));
            case SendResult.MessageFatal fatal -> new Outcome.Failed(failure(fatal, route));
        };
    }

    /**
     * The providers a message comes back to wait for: those named in its {@code sms-maybe-delivered} header
     * ({@code provider:code} entries joined by {@code ", "}) that report receipts. The message is not sent through
     * them again, unless their receipts say they have it ({@link #afterReceiptWait}), in which case it is not sent
     * at all.
     *
     * @param maybeDelivered the header's value, or null
     */
    public Set<String> awaitedReceipts(String maybeDelivered) {
        if (maybeDelivered == null || !receipts.on()) {
            return Set.of();
        }
        Set<String> providers = new LinkedHashSet<>();
        Arrays.stream(maybeDelivered.split(", ")).map(entry -> entry.split(":", 2)[0].strip())
                .filter(receipts::awaitsReceipt)
                .forEach(providers::add);
        return Set.copyOf(providers);
    }

    /**
     * Back from waiting for the receipts of the providers that may hold the message: if one of them took it
     * (delivered, or on its way), it is acked as already sent, and no other provider sends a second SMS. Otherwise
     * empty: the message goes on to the providers that have not had it.
     *
     * @param receipts what each awaited provider's receipts said; a provider without a receipt is left out
     */
    public Optional<Outcome.AlreadySent> afterReceiptWait(List<Receipted> receipts) {
        return receipts.stream().filter(Receipted::taken).findFirst()
                .map(taken -> new Outcome.AlreadySent(taken.provider(), taken.providerMessageId(), taken.at()));
    }

    /**
     * No provider of the route could be tried ({@code route.mustWait()}): the message was held without
     * spending an attempt. Fails EXPIRED with its providers' last real error once it expired; otherwise
     * empty (the worker is stopping): hand it back unsent.
     *
     * @param now the time after the hold, not when the message was received
     */
    public Optional<Outcome> whileHeld(RouteResult route, Instant expiresAt, Instant now) {
        if (expiresAt == null || now.isBefore(expiresAt)) {
            return Optional.empty();
        }
        SendResult.Failed last = (SendResult.Failed) route.outcome();
        return Optional.of(new Outcome.Failed(failure(last, route).as(ErrorClass.EXPIRED, "expired at " + expiresAt
                + " while held: no provider of its route could take it; last: " + last.reason())));
    }

    /**
     * The delay queue of {@code delayed} is gone (deleted or unbound: the broker returned the message as
     * unroutable). The message is kept where ops will see it, in {@code sms.failed}, still RETRYABLE.
     */
    Outcome.Failed parked(Outcome.Delayed delayed) {
        Failure failure = delayed.failure();
        return new Outcome.Failed(failure.as(ErrorClass.RETRYABLE,
                "delay queue " + delayed.tier().queue() + " unroutable, parked here; last: " + failure.message()));
    }

    /** As {@link #parked(Outcome.Delayed)}, for a held message: in {@code sms.failed}, replayable once the cap allows. */
    Outcome.Failed parked(Outcome.Held held) {
        return new Outcome.Failed(Failure.of(ErrorClass.REFUSED, held.code().code(), "delay queue " + held.tier().queue()
                + " unroutable, parked here while held: " + held.reason()));
    }

    /** Expired before this attempt; back from a hold at a cap, the reason names the rule that held it. */
    private static Failure expired(MessageContext context, Instant expiresAt) {
        Optional<RefusalCode> held = heldBy(context);
        if (held.isPresent()) {
            // No instants beyond expiresAt: Redaction takes their digit runs for numbers. The log line has the rest.
            return Failure.of(ErrorClass.EXPIRED, held.get().code(), "expired at " + expiresAt + " while held at its "
                    + (context.kind() == null ? "" : context.kind().wireName() + " ") + "spend cap (" + held.get().code() + ")");
        }
        return Failure.of(ErrorClass.EXPIRED, "expired", "expired at " + expiresAt + " before attempt " + context.attempt());
    }

    /** The rule a message back from a hold was held by ({@code sms-held}): one of ours, else it was not held. */
    private static Optional<RefusalCode> heldBy(MessageContext context) {
        return HeaderValues.string(context.original().getMessageProperties().getHeaders(), Headers.HELD)
                .flatMap(code -> Arrays.stream(RefusalCode.values()).filter(c -> c.code().equals(code)).findFirst());
    }

    /** When a message back from a hold was first held ({@code sms-held-since}); empty when it was not held. */
    private static Optional<Instant> heldSince(MessageContext context) {
        return heldBy(context).flatMap(code -> HeaderValues.instant(
                context.original().getMessageProperties().getHeaders(), Headers.HELD_SINCE));
    }

    private Outcome retry(MessageContext context, Failure failure, Instant expiresAt, Instant now) {
        Optional<DelayTier> tier = tiers.afterAttempt(context.attempt());
        if (tier.isEmpty()) {
            return new Outcome.Failed(failure.as(ErrorClass.EXHAUSTED,
                    "gave up after " + context.attempt() + " attempts; last: " + failure.message()));
        }
        // A login code that would arrive after it expired is worse than none: fail it now, visibly.
        if (expiresAt != null && now.plus(tier.get().delay()).isAfter(expiresAt)) {
            return new Outcome.Failed(failure.as(ErrorClass.EXPIRED,
                    "would expire before the next retry; last: " + failure.message()));
        }
        return new Outcome.Delayed(tier.get(), failure);
    }

    /**
     * An ambiguous send to a provider that reports receipts: the message waits in the smallest delay tier at least
     * {@code sms.receipts.ambiguous-wait} long (the longest tier if none is), an attempt like any retry, with its
     * limits: past the last tier it is exhausted, and a wait that outlasts its validity fails it as expired.
     */
    private Outcome awaitReceipt(MessageContext context, Failure failure, Instant expiresAt, Instant now) {
        if (tiers.afterAttempt(context.attempt()).isEmpty()) {
            return new Outcome.Failed(failure.as(ErrorClass.EXHAUSTED,
                    "gave up after " + context.attempt() + " attempts; last: " + failure.message()));
        }
        DelayTier tier = tiers.all().stream().filter(t -> t.delay().compareTo(receipts.ambiguousWait()) >= 0).findFirst()
                .orElse(tiers.all().getLast());
        if (expiresAt != null && now.plus(tier.delay()).isAfter(expiresAt)) {
            return new Outcome.Failed(failure.as(ErrorClass.EXPIRED,
                    "would expire before the provider's receipt could settle it; last: " + failure.message()));
        }
        return new Outcome.Delayed(tier, failure);
    }

    private static Failure failure(SendResult.Failed failed, RouteResult route) {
        return new Failure(failed.errorClass(), failed.code(), failed.reason(), failed.provider(), route.failureSummary(),
                route.maybeDelivered());
    }
}
