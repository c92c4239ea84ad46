package dev.smsworker.worker.routing;

import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.SmsProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tries the providers of the message's route in order within one attempt. A retryable or
 * provider-fatal failure (including a skip: breaker open, rate limit) moves on to the next provider; a
 * message-fatal one stops, since no provider will send that message. Providers switched off are left out.
 * A 2xx the provider's body could not confirm stops too ({@link SendResult.Sent#ambiguity()}), counted in
 * {@code sms_send_ambiguous_total}; a provider that throws is that provider's failure, never the router's.
 */
@Component
public class ProviderRouter {

    private static final Logger log = LoggerFactory.getLogger(ProviderRouter.class);

    /** {@code sms_send_ambiguous_total{provider,reason}} in Prometheus. */
    static final String AMBIGUOUS_METRIC = "sms.send.ambiguous";
    /** The code of a provider call that threw instead of answering. */
    static final String INTERNAL_ERROR = "internal-error";

    private final RouteTable routes;
    private final ProviderGuards guards;
    private final ProviderSwitches switches;
    private final MeterRegistry meters;

    @Autowired
    ProviderRouter(ProvidersProperties providers, RoutingProperties routing, List<SmsProvider> configured,
                   ProviderSwitches switches, CallTimer timer, MeterRegistry meters) {
        Map<String, SmsProvider> byName = configured.stream()
                .collect(Collectors.toMap(SmsProvider::name, Function.identity()));
        this.routes = new RouteTable(providers, routing, byName.keySet());
        this.guards = new ProviderGuards(byName, routes.routedProviders(), routing, timer, meters);
        this.switches = switches;
        this.meters = meters;
    }

    public RouteResult send(OutgoingSms sms) {
        Route route = routes.routeFor(sms);
        List<SendResult.Failed> failures = new ArrayList<>();
        boolean tried = false;
        for (String name : route.providers()) {
            if (!switches.enabled(name)) {
                continue;
            }
            tried = true;
            SendResult result = sendThrough(name, sms);
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
                case SendResult.Retryable retryable -> failures.add(failingOver(retryable, route));
                case SendResult.ProviderFatal providerFatal -> failures.add(failingOver(providerFatal, route));
            }
        }
        if (!tried) {
            // Every provider of the route is switched off. Switches flip back; keep the message for later.
            log.warn("every provider of route {} is switched off ({})", route.matched(), route.providers());
            return new RouteResult(new SendResult.Retryable(null, "no-provider-enabled",
                    "every provider of route " + route.matched() + " is switched off"), failures);
        }
        return new RouteResult(decisive(failures), failures);
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

    private static SendResult.Failed failingOver(SendResult.Failed failed, Route route) {
        log.info("provider {} failed ({} {}) on route {}; trying the next", failed.provider(), failed.errorClass(),
                failed.code(), route.matched());
        return failed;
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
