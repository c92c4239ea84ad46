package dev.smsworker.worker.guard;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Prices from {@link PricingProperties}: the country's own, else the provider's {@code default}. */
public final class PriceTable {

    private final Map<String, Map<String, BigDecimal>> perSegment;

    /** @throws IllegalArgumentException when a price is negative (naming its property) */
    public PriceTable(PricingProperties properties) {
        properties.perSegment().forEach((provider, prices) -> prices.forEach((region, price) -> {
            if (price.signum() < 0) {
                throw new IllegalArgumentException("sms.pricing.per-segment." + provider + "." + region + " must not be negative");
            }
        }));
        // Keys as written, any case: NO, no and No are one region, DEFAULT and default one fallback.
        Map<String, Map<String, BigDecimal>> upper = new HashMap<>();
        properties.perSegment().forEach((provider, prices) -> {
            Map<String, BigDecimal> byRegion = new HashMap<>();
            prices.forEach((region, price) -> byRegion.put(region.strip().toUpperCase(Locale.ROOT), price));
            upper.put(provider, Map.copyOf(byRegion));
        });
        this.perSegment = Map.copyOf(upper);
    }

    /** The price of one segment sent by the provider to the region (null: no region), if one is configured. */
    public Optional<BigDecimal> perSegment(String provider, String region) {
        Map<String, BigDecimal> prices = perSegment.getOrDefault(provider, Map.of());
        BigDecimal own = region == null ? null : prices.get(region.toUpperCase(Locale.ROOT));
        return Optional.ofNullable(own != null ? own : prices.get("DEFAULT"));
    }

    /** Segments times the price; empty without a price. */
    public Optional<BigDecimal> cost(String provider, String region, int segments) {
        return perSegment(provider, region).map(price -> price.multiply(BigDecimal.valueOf(segments)));
    }
}
