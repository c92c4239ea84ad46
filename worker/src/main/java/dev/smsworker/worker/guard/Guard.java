package dev.smsworker.worker.guard;

import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.PhoneMask;
import dev.smsworker.contracts.RefusalCode;
import dev.smsworker.contracts.SuppressedNumber;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, before any provider is paid, whether a message may go: the body's segments, the destination country,
 * learned suppressions, a newer message to the same number, the kind's spend, and the velocity caps per
 * country, per number prefix and per number ({@link GuardProperties}). Rules are checked in that order and the
 * first that refuses decides; caps count first attempts only, and only up to the rule that refused.
 * <p>
 * In {@code monitor} mode a refusal is counted ({@code sms_guard_refusals_total{mode="monitor"}}) and logged, and
 * the message goes. Refusals in {@code enforce} mode are counted with {@code mode="enforce"}.
 */
public final class Guard {

    private static final Logger log = LoggerFactory.getLogger(Guard.class);

    private final GuardProperties properties;
    private final Map<Kind, KindRules> rules;
    private final GuardStore store;
    private final SpendLedger spend;
    private final MeterRegistry registry;
    private final Clock clock;

    Guard(GuardProperties properties, LimitsProperties limits, GuardStore store, SpendLedger spend,
          MeterRegistry registry, Clock clock) {
        this.properties = properties;
        this.rules = KindRules.read(properties, limits);
        this.store = store;
        this.spend = spend;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * The refusal to act on: empty when the message may go (always empty in monitor mode). A refusal that
     * {@link Refusal#hold() holds} is not counted as a refusal in enforce mode (the message is not refused); in
     * monitor mode it is counted and logged as one the guard would stop, like any other.
     */
    public Optional<Refusal> check(GuardedMessage message) {
        Optional<Refusal> refusal = firstRefusal(message);
        if (refusal.isEmpty()) {
            return refusal;
        }
        boolean enforce = properties.mode() == GuardProperties.Mode.ENFORCE;
        if (enforce && refusal.get().hold()) {
            // Not refused: held, and counted as held once the hold is stored (sms_spend_held_total).
            return refusal;
        }
        Counter.builder("sms.guard.refusals").description("Messages the guard refused, or would refuse in monitor mode")
                .tag("kind", message.kind().wireName())
                .tag("code", refusal.get().code().code())
                .tag("mode", enforce ? "enforce" : "monitor")
                .register(registry).increment();
        if (!enforce) {
            log.info("Guard (monitor mode) would {} message {} as {}: {}", refusal.get().hold() ? "hold" : "refuse",
                    message.messageId(), refusal.get().code().code(), refusal.get().reason());
            return Optional.empty();
        }
        return refusal;
    }

    /**
     * Learns from a provider's message-fatal answer: a number that opted out, is a landline or is invalid
     * ({@link SuppressionCodes}) is suppressed for {@code sms.guard.suppression.ttl}, when suppression is on.
     */
    public void learn(String to, String provider, String code) {
        SuppressionCodes.Reason reason = SuppressionCodes.of(provider, code);
        if (reason == null || !properties.suppression().enabled()) {
            return;
        }
        SuppressedNumber suppression = new SuppressedNumber(PhoneMask.mask(to), reason.name(), provider + ":" + code,
                clock.instant());
        store.put(SuppressedNumber.key(to), suppression.toText(), properties.suppression().ttl());
    }

    /**
     * Learns from a delivery receipt's error code (issue 13: asynchronous answers too): a number a provider reported
     * opted out, a landline or invalid ({@link SuppressionCodes#ofReceipt}) is suppressed for
     * {@code sms.guard.suppression.ttl}, when suppression is on. The receipt's record holds the number's hash and
     * mask, never the number.
     *
     * @return whether the number was suppressed
     */
    public boolean learnFromReceipt(String recipientKey, String recipientMask, String provider, String code) {
        SuppressionCodes.Reason reason = SuppressionCodes.ofReceipt(provider, code);
        if (reason == null || recipientKey == null || !properties.suppression().enabled()) {
            return false;
        }
        SuppressedNumber suppression = new SuppressedNumber(recipientMask, reason.name(), provider + ":" + code, clock.instant());
        store.put(SuppressedNumber.KEY + recipientKey, suppression.toText(), properties.suppression().ttl());
        return true;
    }

    private Optional<Refusal> firstRefusal(GuardedMessage message) {
        KindRules kind = rules.get(message.kind());
        String name = message.kind().wireName();
        if (kind.maxSegments() > 0 && message.segments().segments() > kind.maxSegments()) {
            return refuse(RefusalCode.TOO_MANY_SEGMENTS, "body takes " + message.segments().segments()
                    + " segments, " + name + " may take " + kind.maxSegments());
        }
        String region = Recipients.region(message.to());
        if (!kind.allows(region)) {
            return refuse(RefusalCode.BLOCKED_COUNTRY, "destination " + (region == null ? "without a country" : region)
                    + " not allowed for " + name);
        }
        // The number's hash (a SHA-256) is taken by each rule that keys on it: most kinds have none of them (issue 16).
        if (properties.suppression().enabled()) {
            Optional<SuppressedNumber> suppressed = store.get(SuppressedNumber.KEY + Recipients.key(message.to()))
                    .map(SuppressedNumber::fromText);
            if (suppressed.isPresent()) {
                return refuse(RefusalCode.SUPPRESSED, "number suppressed since " + suppressed.get().since()
                        + " (" + suppressed.get().reason().toLowerCase(Locale.ROOT) + ", " + suppressed.get().answer() + ")");
            }
        }
        if (kind.supersede()) {
            Optional<Refusal> superseded = supersede(message);
            if (superseded.isPresent()) {
                return superseded;
            }
        }
        Optional<Refusal> overSpent = spend.check(message.kind());
        if (overSpent.isPresent() || message.attempt() > 1) {
            return overSpent;
        }
        return caps(message, kind, region);
    }

    /**
     * A first attempt becomes the newest message to its number; one back from a delay queue goes only if it still
     * is. A user who pressed "resend" five times during an outage gets one code, the last. A message back from a
     * hold at a cap may still be on its first attempt, but it was the newest when it first came: it is checked too.
     */
    private Optional<Refusal> supersede(GuardedMessage message) {
        String key = "newest:" + message.kind().wireName() + ":" + Recipients.key(message.to());
        if (message.attempt() <= 1 && !message.heldBefore()) {
            store.put(key, message.messageId(), properties.supersedeWindow());
            return Optional.empty();
        }
        Optional<String> newest = store.get(key);
        if (newest.isPresent() && !newest.get().equals(message.messageId())) {
            return refuse(RefusalCode.SUPERSEDED, "a newer " + message.kind().wireName()
                    + " to this number arrived while this one waited to be retried");
        }
        return Optional.empty();
    }

    private Optional<Refusal> caps(GuardedMessage message, KindRules kind, String region) {
        String name = message.kind().wireName();
        Rate country = region == null ? null : kind.countryCap(region);
        if (country != null && !store.take("country:" + name + ":" + region, country)) {
            return refuse(RefusalCode.VELOCITY_COUNTRY, "more than " + country.count() + " " + name + " to " + region
                    + " within " + country.per());
        }
        if (kind.prefixCap() != null) {
            String prefix = Recipients.prefix(message.to(), kind.prefixDigits());
            if (!store.take("prefix:" + name + ":" + prefix, kind.prefixCap())) {
                return refuse(RefusalCode.VELOCITY_PREFIX, "more than " + kind.prefixCap().count() + " " + name
                        + " to prefix +" + prefix + " within " + kind.prefixCap().per());
            }
        }
        if (kind.recipientCap() != null && !store.take("recipient:" + name + ":" + Recipients.key(message.to()), kind.recipientCap())) {
            return refuse(RefusalCode.RECIPIENT_THROTTLED, "more than " + kind.recipientCap().count() + " " + name
                    + " to this number within " + kind.recipientCap().per());
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(RefusalCode code, String reason) {
        return Optional.of(new Refusal(code, reason));
    }
}
