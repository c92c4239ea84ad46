package dev.smsworker.worker.dedup;

import dev.smsworker.contracts.HeaderValues;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.message.ProcessIds;
import dev.smsworker.worker.message.UndeliveredBy;
import dev.smsworker.worker.providers.SendResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One id, one message, one send. Before sending, the pipeline {@link #claim}s the message id: the claim
 * covers the send in progress, so a second delivery of the id (a publisher's retry, a lost ack's copy,
 * a redelivery after the broker's consumer timeout) waits for it instead of sending in parallel. After a
 * provider accepted, {@link #recordSend} turns the claim into a sent record (before the ack); after any
 * other outcome, {@link #release} frees the id for the next attempt. Each record and claim carries the
 * message's {@link Fingerprint}: a request under a known id with another recipient or text is
 * {@link Claim.Reused}, never acked as already sent.
 * <p>
 * A claim that can't be taken stops the send when {@code sms.dedup.required} is on
 * ({@link SentRecordUnavailableException}: the pipeline hands the message back unsent); otherwise it is
 * skipped (copies could then go out twice). A record or release that fails after the send never stops
 * the ack: the SMS is out, and handing it back would send it again. A claim or record that fails is asked
 * once more before it counts as failed in {@code sms_dedup_store_errors_total}.
 */
@Component
public class SendDeduplication {

    private static final Logger log = LoggerFactory.getLogger(SendDeduplication.class);
    private static final Duration WARN_EVERY = Duration.ofSeconds(30);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);

    private final SentStore store;
    private final ClaimLeases leases;
    private final boolean required;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration claimWait;
    private final AtomicLong lastWarning = new AtomicLong();

    SendDeduplication(SentStore store, ClaimLeases leases, DedupRequirement requirement, DedupProperties properties,
                      MeterRegistry meters, Clock clock) {
        this.store = store;
        this.leases = leases;
        this.required = requirement.storeRequired();
        this.meters = meters;
        this.clock = clock;
        this.claimWait = properties.claimWait();
    }

    /**
     * Claims the delivery's message id for sending {@code request}. When another delivery of the same
     * message holds it, waits up to {@code sms.dedup.claim-wait} for that send to end (then it is
     * {@link Claim.AlreadySent}, or the claim is taken over after a failure); never returns while two hold it.
     *
     * @throws SentRecordUnavailableException when the store can't be reached and {@code sms.dedup.required}
     *         is on: the message must not be sent now
     */
    public Claim claim(MessageContext context, SmsRequest request) {
        Fingerprint fingerprint = Fingerprint.of(request.to(), request.body());
        String id = claimId(context);
        InFlight mine = new InFlight(ProcessIds.uuid(), fingerprint.hex());
        long deadline = System.nanoTime() + claimWait.toNanos();
        Duration pause = FIRST_PAUSE;
        while (true) {
            Optional<IdHolder> holder;
            try {
                holder = claimOrGiveBack(id, mine);
            } catch (RuntimeException e) {
                if (required) {
                    throw new SentRecordUnavailableException("claim", e);
                }
                return new Claim.Held(id, fingerprint, null);
            }
            if (holder.isEmpty()) {
                leases.begin(id, mine);
                return new Claim.Held(id, fingerprint, mine);
            }
            if (!holder.get().sameMessage(fingerprint)) {
                count("sms.dedup.reused", "Requests refused because their message id is known for another message", context);
                return new Claim.Reused(holder.get() instanceof SentRecord);
            }
            if (holder.get() instanceof SentRecord previous) {
                count("sms.dedup.duplicates", "Deliveries of an already sent message id, acked without sending again", context);
                return new Claim.AlreadySent(previous);
            }
            if (System.nanoTime() + pause.toNanos() > deadline) {
                count("sms.dedup.in.progress", "Deliveries handed back because the same message was being sent", context);
                return new Claim.InProgress();
            }
            if (!sleep(pause)) {
                return new Claim.InProgress();
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }

    /**
     * One claim call, asked a second time with the same claim when the first fails. A call that timed out on
     * the client has often run in Redis all the same (issue 11: under load, 500 ms timeouts left claims
     * that no delivery held, and every delivery of those ids was handed back until the claim timed out,
     * 5 minutes then). The store takes the same claim asked again as ours, so the second call settles
     * what the first did. If it fails too, the claim is given back (it may exist) before the message is.
     */
    /**
     * The id the claim and the sent record are under: the message id, or for a copy sent again after a
     * provider's receipt said "not delivered" (issue 12) its own ({@link UndeliveredBy#claimId}), so the
     * original's sent record does not stop it and still stops every copy of the original.
     */
    static String claimId(MessageContext context) {
        if (context.original() == null) {
            return context.messageId();
        }
        return UndeliveredBy.claimId(context.messageId(),
                HeaderValues.string(context.original().getMessageProperties().getHeaders(), Headers.UNDELIVERED_BY).orElse(null));
    }

    private Optional<IdHolder> claimOrGiveBack(String messageId, InFlight mine) {
        try {
            return store.claim(messageId, mine);
        } catch (RuntimeException first) {
            log.debug("claim failed ({}); asking again with the same claim", first.getClass().getSimpleName());
        }
        try {
            return store.claim(messageId, mine);
        } catch (RuntimeException second) {
            storeFailed("claim", second);
            try {
                store.release(messageId, mine);
            } catch (RuntimeException e) {
                // Nobody renews it: if it was taken, it lapses after sms.dedup.claim-timeout.
                storeFailed("release", e);
            }
            throw second;
        }
    }

    /**
     * A provider accepted the message: the claim becomes its sent record, before the ack. The write is
     * tried twice: if both fail, the claim (no longer renewed) lapses and a later copy could be sent again.
     */
    public void recordSend(Claim.Held held, SendResult.Sent sent) {
        if (held.claim() != null) {
            leases.end(held.messageId(), held.claim());
        }
        SentRecord record = new SentRecord(sent.provider(), sent.providerMessageId(), clock.instant(), held.fingerprint().hex());
        for (int tries = 1; ; tries++) {
            try {
                store.remember(held.messageId(), held.claim(), record);
                return;
            } catch (RuntimeException e) {
                if (tries == 2) {
                    storeFailed("remember", e);
                    return;
                }
            }
        }
    }

    /** No provider accepted it: the next delivery of the id (a retry, a replay) may send. */
    public void release(Claim.Held held) {
        if (held.claim() == null) {
            return;
        }
        leases.end(held.messageId(), held.claim());
        try {
            store.release(held.messageId(), held.claim());
        } catch (RuntimeException e) {
            // No longer renewed, the claim lapses by itself after sms.dedup.claim-timeout.
            storeFailed("release", e);
        }
    }

    private void count(String name, String description, MessageContext context) {
        Counter.builder(name).description(description)
                .tag("kind", context.kind() == null ? "unknown" : context.kind().wireName())
                .register(meters).increment();
    }

    private static boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void storeFailed(String operation, RuntimeException e) {
        Counter.builder("sms.dedup.store.errors").description("Sent-record store operations that failed")
                .tag("operation", operation)
                .register(meters).increment();
        long now = clock.millis();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY.toMillis() && lastWarning.compareAndSet(last, now)) {
            log.warn("sent-record store failed on {} ({}){}; {}", operation, e.getClass().getSimpleName(),
                    operation.equals("remember") ? ", a send went unrecorded" : "",
                    required ? "no message is sent without the check until it is back"
                            : "sending without the duplicate check until it is back");
        }
    }
}
