package dev.smsworker.worker.guard;

import dev.smsworker.worker.pricing.PriceTable;
import dev.smsworker.contracts.Kind;
import dev.smsworker.worker.encoding.Segments;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a sent message cost: counts its segments [sms_segments_total{provider,kind}] and, where the price table
 * has a price, its cost [sms_cost_total{provider,country,kind}, in {@code sms.pricing.currency}] and adds it to
 * the kind's spend of the day ({@link SpendLedger}).
 */
public final class SpendRecorder {

    private final PriceTable prices;
    private final SpendLedger spend;
    private final String currency;
    private final MeterRegistry registry;
    /**
     * The counters by their tag values, kept: a registry lookup builds an id, sorts its tags and runs the meter
     * filters, on every sent message (issue 16). Providers x kinds (x countries for the cost): bounded.
     */
    private final Map<Tags, Counter> segmentCounters = new ConcurrentHashMap<>();
    private final Map<Tags, Counter> costCounters = new ConcurrentHashMap<>();

    private record Tags(String provider, String country, Kind kind) {
    }

    SpendRecorder(PriceTable prices, SpendLedger spend, String currency, MeterRegistry registry) {
        this.prices = prices;
        this.spend = spend;
        this.currency = currency;
        this.registry = registry;
    }

    /**
     * Records a sent message to the region ({@link Recipients#region}; null: unknown); returns its estimated cost,
     * if priced.
     */
    public Optional<BigDecimal> sent(String provider, String region, Kind kind, Segments segments) {
        segmentCounters.computeIfAbsent(new Tags(provider, null, kind), t -> Counter.builder("sms.segments")
                        .description("SMS segments sent (the unit providers bill)")
                        .tag("provider", provider).tag("kind", kind.wireName())
                        .register(registry))
                .increment(segments.segments());
        Optional<BigDecimal> cost = prices.cost(provider, region, segments.segments());
        cost.ifPresent(amount -> {
            String country = region == null ? "unknown" : region;
            costCounters.computeIfAbsent(new Tags(provider, country, kind), t -> Counter.builder("sms.cost")
                            .description("Estimated spend, in " + currency)
                            .tag("provider", provider).tag("country", country)
                            .tag("kind", kind.wireName())
                            .register(registry))
                    .increment(amount.doubleValue());
            spend.add(kind, amount);
        });
        return cost;
    }
}
