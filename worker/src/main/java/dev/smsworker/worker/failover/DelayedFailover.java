package dev.smsworker.worker.failover;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.HeaderValues;
import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.Headers;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.message.UndeliveredBy;
import dev.smsworker.worker.messaging.ConfirmedPublisher;
import dev.smsworker.worker.messaging.OutboundMessages;
import dev.smsworker.worker.messaging.PublishFailedException;
import dev.smsworker.worker.outcome.Outcome;
import dev.smsworker.worker.outcome.OutcomeListener;
import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.retry.DelayTier;
import dev.smsworker.worker.routing.RouteHold;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Failover on a delayed failure (issue 12). After a provider accepted a message whose route has another
 * provider, the copy the worker would send again is kept ({@link KeptRequests}) for what is left of the message's
 * validity. When that provider's receipt then says "not delivered" with a code that another route may deliver
 * ({@link FailoverCodes}), the copy goes back to the message's lane with the provider named in
 * {@code sms-undelivered-by}: a new attempt, same message id and correlation id, through the next provider of its
 * route that has not reported it undelivered. Each provider at most once per message; never after the message
 * expired; never when the receipt leaves delivery unknown.
 *
 * <p>The copy travels through the first delay queue with a per-message TTL of 0: dead-lettered at once (as soon as
 * that queue's head is due), it comes back with the broker's {@code x-death}, which is how the worker believes its
 * own {@code sms-*} headers ({@code intake.Provenance}).
 */
public final class DelayedFailover implements OutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(DelayedFailover.class);

    /** {@code sms_receipts_failover_total{provider,result}} in Prometheus. */
    static final String METRIC = "sms.receipts.failover";

    /** What became of one "not delivered" receipt, as the metric's {@code result} tag. */
    public enum Result {
        /** The copy was published: the next provider sends it. */
        SENT_AGAIN("sent-again"),
        /** Failover is off, or receipts are. */
        OFF("off"),
        /** The code does not say another route may deliver it (or says it is the number's fault). */
        CODE_NOT_LISTED("code-not-listed"),
        /** No copy kept: its route had no other provider, it was forgotten (bound, restart) or it expired. */
        NOT_KEPT("not-kept"),
        /** The receipt is not about the last send of the message (another provider has sent it since). */
        NOT_LAST_SEND("not-last-send"),
        /** This provider's non-delivery already sent a copy. */
        ALREADY_SENT_AGAIN("already-sent-again"),
        /** The message is no longer valid: a dead code is not sent. */
        EXPIRED("expired"),
        /** Every provider of the route has reported it undelivered. */
        NO_PROVIDER_LEFT("no-provider-left");

        private final String tag;

        Result(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final boolean active;
    private final KeptRequests kept;
    private final RouteHold routes;
    private final ConfirmedPublisher publisher;
    private final DelayTier firstTier;
    private final Duration maxKeep;
    private final MeterRegistry meters;
    private final Clock clock;

    DelayedFailover(boolean active, KeptRequests kept, RouteHold routes, ConfirmedPublisher publisher, DelayTier firstTier,
                    Duration maxKeep, MeterRegistry meters, Clock clock) {
        this.active = active;
        this.kept = kept;
        this.routes = routes;
        this.publisher = publisher;
        this.firstTier = firstTier;
        this.maxKeep = maxKeep;
        this.meters = meters;
        this.clock = clock;
    }

    /** Keeps the copy of a sent message whose route has another provider. Never fails the send. */
    @Override
    public void stored(MessageContext context, Outcome outcome) {
        if (!active || !(outcome instanceof Outcome.Sent sent) || context.recipient() == null) {
            return;
        }
        Instant now = clock.instant();
        Duration ttl = context.expiresAt() == null ? maxKeep : min(maxKeep, Duration.between(now, context.expiresAt()));
        if (ttl.isNegative() || ttl.isZero()) {
            return;
        }
        try {
            Set<String> undelivered = UndeliveredBy.providers(undeliveredBy(context.original()));
            Set<String> spent = new HashSet<>(undelivered);
            spent.add(sent.provider());
            // A copy is kept even when no provider is left: it replaces the copy before it, so a late duplicate of the
            // receipt that made it finds its provider already named, and its own receipt says what is left.
            if (undelivered.isEmpty() && !hasProviderBesides(context.recipient().e164(), context.kind(), spent)) {
                return;
            }
            Message copy = OutboundMessages.forResend(context);
            kept.keep(KeptRequest.of(copy, context.routingKey(), context.recipient().e164(), context.kind(),
                    context.expiresAt(), sent.provider()), ttl);
        } catch (RuntimeException e) {
            log.warn("request not kept for failover ({}): a receipt saying it was not delivered will not send it again",
                    e.getClass().getSimpleName());
            count("unknown", "keep-failed");
        }
    }

    /**
     * A final receipt without delivery for message {@code messageId}: sends the message again through the next
     * provider of its route when the receipt's code allows it and the message is still valid.
     *
     * @throws PublishFailedException when the copy could not be published (the receipt should be processed again)
     * @throws RuntimeException       when the kept requests' store failed (idem)
     */
    public Result afterUndelivered(String messageId, DeliveryReceipt receipt) throws PublishFailedException {
        Result result = decideAndSend(messageId, receipt);
        count(receipt.provider(), result.tag());
        return result;
    }

    private Result decideAndSend(String messageId, DeliveryReceipt receipt) throws PublishFailedException {
        if (!active) {
            return Result.OFF;
        }
        if (!FailoverCodes.mayDeliverElsewhere(receipt)) {
            return Result.CODE_NOT_LISTED;
        }
        KeptRequest request = kept.find(messageId);
        if (request == null) {
            return Result.NOT_KEPT;
        }
        String undelivered = HeaderValues.string(request.headers(), Headers.UNDELIVERED_BY).orElse(null);
        Set<String> spent = new HashSet<>(UndeliveredBy.providers(undelivered));
        if (spent.contains(receipt.provider())) {
            return Result.ALREADY_SENT_AGAIN;
        }
        if (!receipt.provider().equals(request.sentBy())) {
            return Result.NOT_LAST_SEND;
        }
        if (request.expiresAt() != null && !clock.instant().isBefore(request.expiresAt())) {
            return Result.EXPIRED;
        }
        spent.add(receipt.provider());
        if (!hasProviderBesides(request.to(), request.kind(), spent)) {
            return Result.NO_PROVIDER_LEFT;
        }
        Message copy = request.toMessage();
        copy.getMessageProperties().getHeaders().put(Headers.UNDELIVERED_BY,
                UndeliveredBy.with(undelivered, receipt.provider(), receipt.errorCode() != null ? receipt.errorCode() : receipt.providerStatus()));
        // Expires at once in the delay queue, which dead-letters it back to the lane (see the class comment).
        copy.getMessageProperties().setExpiration("0");
        publisher.publish(firstTier.exchange(), request.routingKey(), copy);
        log.info("not delivered by {} ({}): sending it again through the next provider of its route",
                receipt.provider(), receipt.errorCode() != null ? receipt.errorCode() : receipt.providerStatus());
        return Result.SENT_AGAIN;
    }

    /** Whether the route of a message of {@code kind} to {@code to} has a provider not in {@code spent}. */
    private boolean hasProviderBesides(String to, Kind kind, Set<String> spent) {
        // Routes look at the number and the kind only.
        OutgoingSms sms = new OutgoingSms(null, null, to, "", null, kind);
        return routes.routeProviders(sms).stream().anyMatch(provider -> !spent.contains(provider));
    }

    private static String undeliveredBy(Message message) {
        return message == null ? null : HeaderValues.string(message.getMessageProperties().getHeaders(), Headers.UNDELIVERED_BY).orElse(null);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void count(String provider, String result) {
        Counter.builder(METRIC)
                .description("Final receipts without delivery, by what the failover did with them")
                .tag("provider", provider)
                .tag("result", result)
                .register(meters)
                .increment();
    }
}
