package dev.smsworker.worker.guard;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.smsworker.contracts.Kind;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The guard's rules for one kind, read and checked from {@link GuardProperties} and {@link LimitsProperties} at
 * start: a wrong region, rate or kind stops the worker with the property's name, not the first message.
 *
 * @param allow          regions allowed; empty: all but {@code block}
 * @param block          regions refused (ignored when {@code allow} is given)
 * @param countryCap     cap per country, or null
 * @param countryCaps    a country's own cap, by region
 * @param prefixCap      cap per number prefix, or null
 * @param prefixDigits   digits that make a prefix
 * @param recipientCap   cap per number, or null
 * @param supersede      whether a newer message supersedes an older one waiting in a delay queue
 * @param maxSegments    the most segments a body may take; 0: no cap
 */
record KindRules(Set<String> allow, Set<String> block, Rate countryCap, Map<String, Rate> countryCaps,
                 Rate prefixCap, int prefixDigits, Rate recipientCap, boolean supersede, int maxSegments) {

    private static final Set<String> REGIONS = PhoneNumberUtil.getInstance().getSupportedRegions();

    /** @throws IllegalArgumentException naming the property that is wrong */
    static Map<Kind, KindRules> read(GuardProperties guard, LimitsProperties limits) {
        for (String key : keys(guard, limits)) {
            kind(key);
        }
        Map<Kind, KindRules> rules = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            rules.put(kind, read(kind, guard, limits));
        }
        return rules;
    }

    private static KindRules read(Kind kind, GuardProperties guard, LimitsProperties limits) {
        String name = kind.wireName();
        GuardProperties.Countries countries = guard.countries().getOrDefault(name,
                new GuardProperties.Countries(List.of(), List.of()));
        GuardProperties.Velocity velocity = guard.velocity().getOrDefault(name,
                new GuardProperties.Velocity("", Map.of(), "", 6));
        String velocityProperty = "sms.guard.velocity." + name;
        if (velocity.prefixDigits() < 1 || velocity.prefixDigits() > 15) {
            throw new IllegalArgumentException(velocityProperty + ".prefix-digits must be 1 to 15");
        }
        Map<String, Rate> countryCaps = new HashMap<>();
        velocity.countries().forEach((region, rate) -> countryCaps.put(
                region(region, velocityProperty + ".countries"), Rate.parse(rate, velocityProperty + ".countries." + region)));
        String recipient = guard.recipient().getOrDefault(name, "");
        int maxSegments = limits.maxSegments().getOrDefault(name, kind == Kind.OTP ? LimitsProperties.OTP_DEFAULT : 0);
        if (maxSegments < 0) {
            throw new IllegalArgumentException("sms.limits.max-segments." + name + " must be 0 (no cap) or more");
        }
        return new KindRules(
                regions(countries.allow(), "sms.guard.countries." + name + ".allow"),
                regions(countries.block(), "sms.guard.countries." + name + ".block"),
                rate(velocity.country(), velocityProperty + ".country"), Map.copyOf(countryCaps),
                rate(velocity.prefix(), velocityProperty + ".prefix"), velocity.prefixDigits(),
                rate(recipient, "sms.guard.recipient." + name),
                guard.supersede().stream().map(KindRules::kind).anyMatch(kind::equals),
                maxSegments);
    }

    /** True when no rule applies to the region. */
    boolean allows(String region) {
        if (!allow.isEmpty()) {
            return region != null && allow.contains(region);
        }
        return region == null || !block.contains(region);
    }

    /** The cap for one country: its own, else the one for every country, else null. */
    Rate countryCap(String region) {
        return countryCaps.getOrDefault(region, countryCap);
    }

    private static Set<String> keys(GuardProperties guard, LimitsProperties limits) {
        Set<String> keys = new LinkedHashSet<>(guard.countries().keySet());
        keys.addAll(guard.velocity().keySet());
        keys.addAll(guard.recipient().keySet());
        keys.addAll(limits.maxSegments().keySet());
        return keys;
    }

    private static Rate rate(String text, String property) {
        return text == null || text.isBlank() ? null : Rate.parse(text, property);
    }

    private static Set<String> regions(List<String> values, String property) {
        Set<String> regions = new LinkedHashSet<>();
        values.forEach(value -> regions.add(region(value, property)));
        return Set.copyOf(regions);
    }

    private static String region(String value, String property) {
        String region = value.strip().toUpperCase(Locale.ROOT);
        if (!REGIONS.contains(region)) {
            throw new IllegalArgumentException(property + ": '" + value + "' is not an ISO region libphonenumber knows");
        }
        return region;
    }

    private static Kind kind(String key) {
        try {
            return Kind.fromWireName(key.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sms.guard / sms.limits: " + e.getMessage());
        }
    }
}
