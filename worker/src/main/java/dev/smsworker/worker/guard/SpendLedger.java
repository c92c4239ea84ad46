package dev.smsworker.worker.guard;

import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.RefusalCode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The day's spend per kind (UTC days), in millionths of the currency so totals add up exactly, kept in the guard's
 * store: in Redis every worker adds to one total. A kind is refused once its total reached the cap; the message
 * that crossed it was sent (its price is known only once a provider took it), so a day ends at most one message's
 * price over the cap per worker in flight.
 */
final class SpendLedger {

    private static final Duration KEEP = Duration.ofDays(2);
    private static final BigDecimal MILLIONTHS = BigDecimal.valueOf(1_000_000);

    private final GuardStore store;
    private final Map<Kind, BigDecimal> dailyCaps = new EnumMap<>(Kind.class);
    private final Map<Kind, SpendProperties.AtCap> atCap = new EnumMap<>(Kind.class);
    private final Clock clock;

    SpendLedger(SpendProperties properties, GuardStore store, Clock clock) {
        properties.caps().forEach((kind, caps) -> {
            if (caps.daily() != null) {
                if (caps.daily().signum() < 0) {
                    throw new IllegalArgumentException("sms.spend.caps." + kind + ".daily must not be negative");
                }
                dailyCaps.put(kind(kind), caps.daily());
                atCap.put(kind(kind), caps.atCap() == null ? SpendProperties.AtCap.REFUSE : caps.atCap());
            }
        });
        this.store = store;
        this.clock = clock;
    }

    /**
     * Gauges for each capped kind, so an alert can warn before the cap: [sms_spend_today{kind}] (read from the
     * store at each scrape: in Redis, the whole cluster's) and [sms_spend_cap{kind}], in the currency.
     */
    void register(MeterRegistry registry) {
        dailyCaps.forEach((kind, cap) -> {
            Gauge.builder("sms.spend.today", this, ledger -> ledger.spentToday(kind).doubleValue())
                    .description("Spend of the kind today (UTC), from the price table").tag("kind", kind.wireName())
                    .register(registry);
            Gauge.builder("sms.spend.cap", cap, BigDecimal::doubleValue)
                    .description("The kind's daily spend cap (sms.spend.caps.<kind>.daily)").tag("kind", kind.wireName())
                    .register(registry);
        });
    }

    /**
     * A refusal when the kind has a daily cap and today's spend reached it: one that holds the message when the kind's
     * {@code at-cap} is {@code hold}. A held message passes here again once the UTC day rolled over (a new key, so a
     * total of zero) or a worker with a higher cap reads the same total.
     */
    Optional<Refusal> check(Kind kind) {
        BigDecimal cap = dailyCaps.get(kind);
        if (cap == null) {
            return Optional.empty();
        }
        BigDecimal spent = spentToday(kind);
        if (spent.compareTo(cap) < 0) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(RefusalCode.SPEND_CAP, kind.wireName() + " spend today " + spent.stripTrailingZeros().toPlainString()
                + " reached its daily cap " + cap.stripTrailingZeros().toPlainString(), atCap.get(kind) == SpendProperties.AtCap.HOLD));
    }

    /** Adds a sent message's cost to today's total of its kind. */
    void add(Kind kind, BigDecimal cost) {
        long millionths = cost.multiply(MILLIONTHS).setScale(0, RoundingMode.HALF_UP).longValueExact();
        if (millionths > 0) {
            store.add(key(kind), millionths, KEEP);
        }
    }

    BigDecimal spentToday(Kind kind) {
        long millionths = store.get(key(kind)).map(Long::parseLong).orElse(0L);
        return BigDecimal.valueOf(millionths).divide(MILLIONTHS);
    }

    private String key(Kind kind) {
        return "spend:" + kind.wireName() + ":" + LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    private static Kind kind(String key) {
        try {
            return Kind.fromWireName(key.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sms.spend.caps: " + e.getMessage());
        }
    }
}
