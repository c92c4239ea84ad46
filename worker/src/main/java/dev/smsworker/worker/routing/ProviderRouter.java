package dev.smsworker.worker.routing;

import dev.smsworker.worker.pricing.PriceTable;
import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.SmsProvider;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tries the providers of the message's route in order within one attempt. A retryable or
 * provider-fatal failure (including a skip: breaker open, rate limit) moves on to the next provider; a
 * message-fatal one stops, since no provider will send that message. Providers switched off are left out.
 * A 2xx the provider's body could not confirm stops too ({@link SendResult.Sent#ambiguity()}), counted in
 * {@code sms_send_ambiguous_total}; a provider that throws is that provider's failure, never the router's.
 * When no provider was called at all (every one switched off, skipped behind its breaker or out of
 * permits) the result says so ({@link RouteResult#mustWait()}): no attempt was made, and the message
 * waits instead of travelling the delay queues. The exception: if every skipped provider's breaker was
 * opened by provider-fatal answers, the message fails as that provider-fatal error, as it would have
 * with the breaker closed.
 *
 * <p>With delivery receipts on (issue 12), a send that may have reached the provider without an answer (a
 * timeout or I/O error after the request was written) stops the route when that provider reports receipts: the
 * next provider would be a blind guess, and 61 of the 63 duplicates of the README's chaos run were that guess. The
 * message waits for the receipt instead ({@code OutcomePolicy}), and comes back with the providers that may hold
 * it excluded.
 */
@Component
class ProviderRouter {

    private static final Logger log = LoggerFactory.getLogger(ProviderRouter.class);

    /** {@code sms_send_ambiguous_total{provider,reason}} in Prometheus. */
    static final String AMBIGUOUS_METRIC = "sms.send.ambiguous";
    /** The code of a provider call that threw instead of answering. */
    static final String INTERNAL_ERROR = "internal-error";
    /** The code of an attempt that found every provider of its route excluded as maybe holding the message. */
    public static final String MAYBE_DELIVERED = "maybe-delivered";

    private final RouteTable routes;
    private final ProviderGuards guards;
    private final ProviderSwitches switches;
    private final MeterRegistry meters;
    private final ReceiptCallbacks receipts;

    /** With in-process rate-limit buckets, as a single worker has them. */
    ProviderRouter(ProvidersProperties providers, RoutingProperties routing, List<SmsProvider> configured,
                   ProviderSwitches switches, CallTimer timer, MeterRegistry meters, ProviderOutages outages,
                   ReceiptCallbacks receipts) {
        this(providers, routing, configured, switches, timer, meters, outages, PermitBuckets.LOCAL, receipts, PriceTable.NONE);
    }

    @Autowired
    ProviderRouter(ProvidersProperties providers, RoutingProperties routing, List<SmsProvider> configured,
                   ProviderSwitches switches, CallTimer timer, MeterRegistry meters, ProviderOutages outages,
                   PermitBuckets permitBuckets, ReceiptCallbacks receipts, PriceTable prices) {
        Map<String, SmsProvider> byName = configured.stream()
                .collect(Collectors.toMap(SmsProvider::name, Function.identity()));
        this.routes = new RouteTable(providers, routing, byName.keySet(), prices);
        this.guards = new ProviderGuards(byName, routes.routedProviders(), routing, timer, meters, outages, permitBuckets);
        this.switches = switches;
        this.meters = meters;
        this.receipts = receipts;
    }

    public RouteResult send(OutgoingSms sms) {
        return send(sms, Set.of());
    }

    /**
     * @param excluded providers this message is not sent through again: those that may hold it from an earlier
     *                 ambiguous attempt (header {@code sms-maybe-delivered}) and whose receipt did not say they
     *                 sent it. When they are all the route has, the attempt fails retryably with code
     *                 {@code maybe-delivered}: a later receipt may still settle it.
     */
    public RouteResult send(OutgoingSms sms, Set<String> excluded) {
        Route route = routes.routeFor(sms);
        List<SendResult.Failed> failures = new ArrayList<>();
        boolean tried = false;
        boolean called = false;
        boolean skippedExcluded = false;
        for (String name : route.providers()) {
            if (excluded.contains(name)) {
                skippedExcluded = true;
                continue;
            }
            if (!switches.enabled(name)) {
                continue;
            }
            tried = true;
            GuardedProvider provider = guards.get(name);
            SendResult result = sendThrough(name, sms);
            if (GuardedProvider.isSkip(result)) {
                failures.add(skipped(provider.explain((SendResult.Failed) result), (SendResult.Failed) result, route));
                continue;
            }
            called = true;
            switch (result) {
                case SendResult.Sent sent -> {
                    // Even when the provider's answer could not be read: once it said 2xx, no other provider
                    // gets this message, or the recipient may get it twice.
                    if (!sent.confirmed()) {
                        ambiguous(sent);
                    }
                    return new RouteResult(sent, failures);
                }
                case SendResult.MessageFatal fatal -> {
                    failures.add(fatal);
                    return new RouteResult(fatal, failures);
                }
                case SendResult.Retryable retryable when retryable.maybeDelivered() && receipts.awaitsReceipt(name) -> {
                    log.info("provider {} may have the message ({}); waiting for its receipt instead of failing over",
                            name, retryable.code());
                    failures.add(retryable);
                    return new RouteResult(retryable, failures);
                }
                case SendResult.Retryable retryable -> failures.add(failingOver(retryable, route, name));
                case SendResult.ProviderFatal providerFatal -> failures.add(failingOver(providerFatal, route, name));
            }
        }
        if (!tried && skippedExcluded) {
            return new RouteResult(new SendResult.Retryable(null, MAYBE_DELIVERED, "every provider of route " + route.matched()
                    + " that is switched on may already have this message; waiting for their receipts"), failures);
        }
        if (!tried) {
            // Every provider of the route is switched off. Switches flip back; keep the message for later.
            log.warn("every provider of route {} is switched off ({})", route.matched(), route.providers());
            return new RouteResult(new SendResult.Retryable(null, "no-provider-enabled",
                    "every provider of route " + route.matched() + " is switched off"), failures, RouteResult.Waiting.FOR_PROVIDER);
        }
        SendResult.Failed decisive = decisive(failures);
        if (called || decisive instanceof SendResult.ProviderFatal) {
            return new RouteResult(decisive, failures);
        }
        boolean outOfPermits = failures.stream().anyMatch(f -> GuardedProvider.RATE_LIMITED.equals(f.code()));
        return new RouteResult(decisive, failures,
                outOfPermits ? RouteResult.Waiting.FOR_PERMIT : RouteResult.Waiting.FOR_PROVIDER);
    }

    /** The providers of the message's route, in the order they are tried (switches and breakers aside). */
    List<String> routeProviders(OutgoingSms sms) {
        return routes.routeFor(sms).providers();
    }

    /**
     * Whether some provider of the message's route may be tried now: switched on, and its breaker closed
     * or half-open. Rate limits are not checked here; the next send waits for a permit.
     */
    public boolean canTry(OutgoingSms sms) {
        for (String name : routes.routeFor(sms).providers()) {
            if (switches.enabled(name) && guards.get(name).admitting()) {
                return true;
            }
        }
        return false;
    }

    /** The route's providers and why each can't be tried, for the pause's log line: {@code twilio=OPEN}. */
    public String describeRoute(OutgoingSms sms) {
        Route route = routes.routeFor(sms);
        StringBuilder text = new StringBuilder(route.matched()).append(" (");
        for (String name : route.providers()) {
            if (text.charAt(text.length() - 1) != '(') {
                text.append(", ");
            }
            text.append(name).append('=').append(switches.enabled(name) ? guards.get(name).breaker().getState() : "SWITCHED_OFF");
        }
        return text.append(')').toString();
    }

    /**
     * One provider's call. Providers return failures rather than throw; an exception is a bug (in an adapter,
     * OkHttp, a guard), and it stays that provider's failure: the next provider is tried, and the message gets
     * an outcome with a reason instead of escaping the pipeline. The exception's message is not kept: it can
     * carry a header value or a URL. Nothing here can tell whether the request left, so it is not marked
     * maybe-delivered; the HTTP client marks its own failures after a write.
     */
    private SendResult sendThrough(String name, OutgoingSms sms) {
        try {
            return guards.get(name).send(sms);
        } catch (RuntimeException e) {
            StackTraceElement[] at = e.getStackTrace();
            log.error("provider {} threw {} at {}; counted as a provider-fatal failure of {}", name,
                    e.getClass().getName(), at.length > 0 ? at[0] : "?", name);
            return new SendResult.ProviderFatal(name, INTERNAL_ERROR, "unexpected " + e.getClass().getSimpleName() + " in provider " + name);
        }
    }

    /** A 2xx whose body was not the provider's success shape: recorded as sent, id unknown, and counted. */
    private void ambiguous(SendResult.Sent sent) {
        log.warn("provider {} answered 2xx but its answer was not its success shape ({}); recorded as sent, provider message id {}, never sent again",
                sent.provider(), sent.ambiguity(), sent.providerMessageId() == null ? "unknown" : sent.providerMessageId());
        Counter.builder(AMBIGUOUS_METRIC)
                .description("Sends a provider answered 2xx without its documented success body: recorded as sent, id unknown")
                .tag("provider", sent.provider())
                .tag("reason", sent.ambiguity())
                .register(meters)
                .increment();
    }

    /** The breakers, rate limiters and switches, for health and the actuator endpoint. */
    Map<String, GuardedProvider> guarded() {
        return guards.all();
    }

    private static SendResult.Failed failingOver(SendResult.Failed failed, Route route, String provider) {
        boolean last = route.providers().getLast().equals(provider);
        log.info("provider {} failed ({} {}) on route {}; {}", failed.provider(), failed.errorClass(),
                failed.code(), route.matched(), last ? "no provider left on it" : "trying the next");
        return failed;
    }

    /** At debug: a held message looks again every hold-check, and each look would log a line. */
    private static SendResult.Failed skipped(SendResult.Failed explained, SendResult.Failed skip, Route route) {
        if (explained == skip) {
            log.debug("provider {} skipped ({}) on route {}; trying the next", skip.provider(), skip.code(), route.matched());
        } else {
            log.debug("provider {} skipped ({}; its last failure: {} {}) on route {}; trying the next", skip.provider(),
                    skip.code(), explained.errorClass(), explained.code(), route.matched());
        }
        return explained;
    }

    /** When all failed: retryable if any provider may succeed later, provider-fatal only if none can. */
    private static SendResult.Failed decisive(List<SendResult.Failed> failures) {
        for (int i = failures.size() - 1; i >= 0; i--) {
            if (failures.get(i) instanceof SendResult.Retryable retryable) {
                return retryable;
            }
        }
        return failures.getLast();
    }
}
