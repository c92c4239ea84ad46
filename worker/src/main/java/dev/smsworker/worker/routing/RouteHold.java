package dev.smsworker.worker.routing;

import dev.smsworker.worker.providers.OutgoingSms;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Sends through the router, and when no provider of the route can be tried, holds the message instead
 * of spending an attempt: it waits (on its own virtual thread, its delivery unacked) until a provider
 * of its route admits calls again or a permit is free, then tries again. While it waits for a provider,
 * its lane is paused ({@link LanePauses}).
 */
@Component
public class RouteHold {

    private final ProviderRouter router;
    private final LanePauses pauses;
    private final Clock clock;
    private final Duration check;

    RouteHold(ProviderRouter router, LanePauses pauses, Clock clock, RoutingProperties routing) {
        this.router = router;
        this.pauses = pauses;
        this.clock = clock;
        this.check = routing.holdCheck();
    }

    /** As {@link #send(OutgoingSms, String, Instant, Set)}, through every provider of the route. */
    public RouteResult send(OutgoingSms sms, String lane, Instant expiresAt) {
        return send(sms, lane, expiresAt, Set.of());
    }

    /**
     * @param lane      the work queue the message came from
     * @param expiresAt when the message stops being worth sending, or null
     * @param excluded  providers not to send through, see {@link ProviderRouter#send(OutgoingSms, Set)}
     * @return a result with {@link RouteResult#mustWait()} false once some provider was called; still true
     *         only if the message expired while held, or the worker is stopping
     */
    public RouteResult send(OutgoingSms sms, String lane, Instant expiresAt, Set<String> excluded) {
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
                result = router.send(sms, excluded);
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
