package dev.smsworker.worker.routing;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.smsworker.contracts.Kind;
import dev.smsworker.worker.phone.PhoneNumbers;
import dev.smsworker.worker.providers.OutgoingSms;

import dev.smsworker.worker.pricing.PriceTable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Picks the provider order for a message: the longest matching E.164 prefix, else the number's country,
 * else the message's kind, else the default order. Built once at start-up, where every route is
 * checked: a route naming a provider that is not configured stops the worker with a clear message.
 */
final class RouteTable {

    private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();

    private final List<String> defaultOrder;
    private final Map<String, List<String>> prefixes = new HashMap<>();
    private final Map<String, List<String>> countries = new HashMap<>();
    private final Map<Kind, List<String>> kinds = new HashMap<>();
    private final int longestPrefix;
    private final RoutingProperties.Prefer prefer;
    private final PriceTable prices;

    RouteTable(ProvidersProperties providers, RoutingProperties routing, Set<String> configured) {
        this(providers, routing, configured, PriceTable.NONE);
    }

    RouteTable(ProvidersProperties providers, RoutingProperties routing, Set<String> configured, PriceTable prices) {
        this.prefer = routing.prefer();
        this.prices = prices;
        this.defaultOrder = order("sms.providers.order", providers.order(), configured);
        routing.prefixes().forEach((key, order) ->
                prefixes.put(prefix(key), order("sms.routing.prefixes." + key, order, configured)));
        routing.countries().forEach((key, order) ->
                countries.put(country(key), order("sms.routing.countries." + key, order, configured)));
        routing.kinds().forEach((key, order) ->
                kinds.put(kind(key), order("sms.routing.kinds." + key, order, configured)));
        this.longestPrefix = prefixes.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    Route routeFor(OutgoingSms sms) {
        Route route = configuredRouteFor(sms);
        return prefer == RoutingProperties.Prefer.PRICE ? byPrice(route, region(sms.to())) : route;
    }

    /**
     * The route's providers, cheapest first for the region (a stable sort: equal prices, and providers
     * without one, which go last, keep their configured order).
     */
    private Route byPrice(Route route, String region) {
        List<String> ordered = new ArrayList<>(route.providers());
        ordered.sort(Comparator.comparing((String provider) -> prices.perSegment(provider, region).orElse(null),
                Comparator.nullsLast(Comparator.naturalOrder())));
        return new Route(route.matched() + ",by-price", List.copyOf(ordered));
    }

    private Route configuredRouteFor(OutgoingSms sms) {
        String digits = sms.to().startsWith("+") ? sms.to().substring(1) : sms.to();
        for (int length = Math.min(longestPrefix, digits.length()); length > 0; length--) {
            List<String> order = prefixes.get(digits.substring(0, length));
            if (order != null) {
                return new Route("prefix:" + digits.substring(0, length), order);
            }
        }
        // The region lookup is most of the routing cost (about 5 us); skip it when no country has a route.
        String region = countries.isEmpty() ? null : region(sms.to());
        if (region != null && countries.containsKey(region)) {
            return new Route("country:" + region, countries.get(region));
        }
        if (sms.kind() != null && kinds.containsKey(sms.kind())) {
            return new Route("kind:" + sms.kind().wireName(), kinds.get(sms.kind()));
        }
        return new Route("default", defaultOrder);
    }

    /** Every provider some route names: the ones that get a breaker, a rate limiter and a health entry. */
    Set<String> routedProviders() {
        Set<String> all = new LinkedHashSet<>(defaultOrder);
        prefixes.values().forEach(all::addAll);
        countries.values().forEach(all::addAll);
        kinds.values().forEach(all::addAll);
        return all;
    }

    private static String region(String e164) {
        // Region of a valid number, e.g. NO for +47 9..., or null (ZZ) when libphonenumber can't tell.
        return PhoneNumbers.of(e164).region();
    }

    private static List<String> order(String property, List<String> names, Set<String> configured) {
        List<String> order = new ArrayList<>();
        for (String name : names) {
            String stripped = name.strip();
            if (!configured.contains(stripped)) {
                throw new IllegalStateException(property + " names '" + stripped + "', which is not configured; "
                        + "configured providers: " + configured);
            }
            if (!order.contains(stripped)) {
                order.add(stripped);
            }
        }
        if (order.isEmpty()) {
            throw new IllegalStateException(property + " names no provider");
        }
        return List.copyOf(order);
    }

    private static String prefix(String key) {
        String digits = key.replaceAll("[\\[\\]+\\s\"]", "");
        if (!digits.matches("[1-9]\\d{0,14}")) {
            throw new IllegalStateException("sms.routing.prefixes: '" + key + "' is not an E.164 prefix (digits, no leading 0)");
        }
        return digits;
    }

    private static String country(String key) {
        String region = key.strip().toUpperCase(Locale.ROOT);
        if (!PHONE_NUMBERS.getSupportedRegions().contains(region)) {
            throw new IllegalStateException("sms.routing.countries: '" + key + "' is not an ISO region libphonenumber knows");
        }
        return region;
    }

    private static Kind kind(String key) {
        try {
            return Kind.fromWireName(key.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("sms.routing.kinds: " + e.getMessage());
        }
    }
}
