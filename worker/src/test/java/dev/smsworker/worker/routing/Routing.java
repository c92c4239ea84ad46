package dev.smsworker.worker.routing;

import dev.smsworker.contracts.Kind;
import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import okhttp3.HttpUrl;
import org.springframework.mock.env.MockEnvironment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds a real {@link ProviderRouter} over fake providers, as the worker would, without Spring. */
final class Routing {

    final MockEnvironment environment = new MockEnvironment();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<String> calls = new ArrayList<>();
    private List<String> order = List.of("primary", "secondary");
    private final Map<String, List<String>> prefixes = new HashMap<>();
    private final Map<String, List<String>> countries = new HashMap<>();
    private final Map<String, List<String>> kinds = new HashMap<>();
    private final Map<String, String> rateLimits = new HashMap<>();
    private Duration rateLimitWait = Duration.ofSeconds(1);
    private double otpReservedShare = 0.5;
    private ReceiptCallbacks receipts = ReceiptCallbacks.OFF;
    final ProviderOutages outages = new ProviderOutages(java.time.Clock.systemUTC());
    private RoutingProperties.Breaker breaker = new RoutingProperties.Breaker(50, 20, 10, Duration.ofSeconds(30), 1);
    ProviderSwitches switches;

    Routing order(String... names) {
        order = List.of(names);
        return this;
    }

    Routing prefix(String prefix, String... names) {
        prefixes.put(prefix, List.of(names));
        return this;
    }

    Routing country(String region, String... names) {
        countries.put(region, List.of(names));
        return this;
    }

    Routing kind(String kind, String... names) {
        kinds.put(kind, List.of(names));
        return this;
    }

    Routing rateLimit(String provider, int perSecond, Duration wait) {
        rateLimits.put(provider, Integer.toString(perSecond));
        rateLimitWait = wait;
        return this;
    }

    Routing otpReservedShare(double share) {
        otpReservedShare = share;
        return this;
    }

    /** A breaker that opens when {@code window} calls in a row failed, and probes once after {@code openFor}. */
    Routing breaker(int window, Duration openFor) {
        breaker = new RoutingProperties.Breaker(50, window, window, openFor, 1);
        return this;
    }

    /** Receipts on for {@code providers}: an ambiguous send through one of them waits for its receipt. */
    Routing receiptsFrom(String... providers) {
        Map<String, HttpUrl> urls = new HashMap<>();
        for (String provider : providers) {
            urls.put(provider, HttpUrl.get("https://dlr.example.com/receipts/" + provider));
        }
        receipts = new ReceiptCallbacks(urls, Duration.ofSeconds(30));
        return this;
    }

    ProviderRouter build(FakeSmsProvider... providers) {
        switches = new ProviderSwitches(environment);
        return new ProviderRouter(new ProvidersProperties(order), properties(), List.of(providers), switches,
                (provider, result, took) -> calls.add(provider + ":" + result), meters, outages,
                receipts);
    }

    /** The routing properties as set so far; held messages look again every 20 ms. */
    RoutingProperties properties() {
        return new RoutingProperties(prefixes, countries, kinds, breaker, rateLimits, rateLimitWait, otpReservedShare,
                Duration.ofMillis(20), RoutingProperties.Prefer.ORDER);
    }

    static OutgoingSms sms(String to) {
        return sms(to, Kind.TRANSACTIONAL);
    }

    static OutgoingSms sms(String to, Kind kind) {
        return new OutgoingSms("msg-" + UUID.randomUUID(), "corr", to, "hello", null, kind);
    }
}
