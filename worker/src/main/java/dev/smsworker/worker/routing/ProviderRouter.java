package dev.smsworker.worker.routing;

import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.SmsProvider;
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
 */
@Component
public class ProviderRouter {

    private static final Logger log = LoggerFactory.getLogger(ProviderRouter.class);

    private final RouteTable routes;
    private final ProviderGuards guards;
    private final ProviderSwitches switches;

    @Autowired
    ProviderRouter(ProvidersProperties providers, RoutingProperties routing, List<SmsProvider> configured,
                   ProviderSwitches switches, CallTimer timer, MeterRegistry meters) {
        Map<String, SmsProvider> byName = configured.stream()
                .collect(Collectors.toMap(SmsProvider::name, Function.identity()));
        this.routes = new RouteTable(providers, routing, byName.keySet());
        this.guards = new ProviderGuards(byName, routes.routedProviders(), routing, timer, meters);
        this.switches = switches;
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
            SendResult result = guards.get(name).send(sms);
            switch (result) {
                case SendResult.Sent sent -> {
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
