package dev.smsworker.worker.routing;

import dev.smsworker.worker.dedup.ClaimCheck;
import dev.smsworker.worker.providers.OutgoingSms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Sends through the router, and when no provider of the route can be tried, holds the message instead
 * of spending an attempt: it waits (on its own virtual thread, its delivery unacked) until a provider
 * of its route admits calls again or a permit is free, then tries again. While it waits for a provider,
 * its lane is paused ({@link LanePauses}). The message's claim on its id is renewed all along by the
 * worker's heartbeat, and confirmed before each attempt that follows the hold ({@link ClaimCheck}): a
 * hold may outlast the claim timeout many times, the attempt after it must start on a live claim.
 */
@Component
public class RouteHold {

    private static final Logger log = LoggerFactory.getLogger(RouteHold.class);

    private final ProviderRouter router;
    private final LanePauses pauses;
    private final ClaimCheck claims;
    private final Clock clock;
    private final Duration check;

    /** Without claims to confirm, as in the routing tests. */
    RouteHold(ProviderRouter router, LanePauses pauses, Clock clock, RoutingProperties routing) {
        this(router, pauses, ClaimCheck.NONE, clock, routing);
    }

    @Autowired
    RouteHold(ProviderRouter router, LanePauses pauses, ClaimCheck claims, Clock clock, RoutingProperties routing) {
        this.router = router;
        this.pauses = pauses;
        this.claims = claims;
        this.clock = clock;
        this.check = routing.holdCheck();
    }

    /**
     * The providers of the route {@code sms} takes, in their order, whether switched on or not: what a failover
     * after a delivery receipt can still go to.
     */
    public List<String> routeProviders(OutgoingSms sms) {
        return router.routeProviders(sms);
    }

    /** As {@link #send(OutgoingSms, String, String, Instant, Set)}, through every provider of the route. */
    public RouteResult send(OutgoingSms sms, String lane, Instant expiresAt) {
        return send(sms, sms.messageId(), lane, expiresAt, Set.of());
    }

    /**
     * @param claimId   the id this delivery's sent-id claim is under: the message id, or a copy's own
     *                  ({@code dedup.SendDeduplication#claimId}); confirmed before each attempt after a hold
     * @param lane      the work queue the message came from
     * @param expiresAt when the message stops being worth sending, or null
     * @param excluded  providers not to send through, see {@link ProviderRouter#send(OutgoingSms, Set)}
     * @return a result with {@link RouteResult#mustWait()} false once some provider was called; still true
     *         only if the message expired while held, the worker is stopping, or its claim lapsed while held
     */
    public RouteResult send(OutgoingSms sms, String claimId, String lane, Instant expiresAt, Set<String> excluded) {
        RouteResult result = router.send(sms, excluded);
        if (!result.mustWait()) {
            return result;
        }
        try (LanePauses.Hold hold = pauses.hold(lane, result.waiting(), () -> router.describeRoute(sms))) {
            while (result.mustWait()) {
                if (giveUp(expiresAt)) {
                    return result;
                }
                hold.waitingFor(result.waiting(), () -> router.describeRoute(sms));
                awaitTurn(sms, result.waiting(), expiresAt);
                switch (claims.confirm(claimId)) {
                    case HELD -> result = router.send(sms, excluded);
                    // The sent-id record did not answer: no call on a claim that may have lapsed; hold on.
                    case UNCONFIRMED -> { }
                    case LOST -> {
                        log.warn("claim on the message id lapsed while it was held; handed back unsent, attempt not spent");
                        return result;
                    }
                }
            }
            return result;
        }
    }

    /** Until a provider admits calls (or, waiting for a permit, one check interval), expiry or shutdown. */
    private void awaitTurn(OutgoingSms sms, RouteResult.Waiting waiting, Instant expiresAt) {
        do {
            Duration pause = check;
            if (expiresAt != null) {
                Duration left = Duration.between(clock.instant(), expiresAt);
                pause = left.isNegative() ? Duration.ZERO : left.compareTo(check) < 0 ? left : check;
            }
            sleep(pause);
        } while (waiting == RouteResult.Waiting.FOR_PROVIDER && !router.canTry(sms) && !giveUp(expiresAt));
    }

    /** Expired, or the worker is stopping (released, or this thread interrupted). */
    private boolean giveUp(Instant expiresAt) {
        return (expiresAt != null && !clock.instant().isBefore(expiresAt))
                || pauses.released() || Thread.currentThread().isInterrupted();
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
