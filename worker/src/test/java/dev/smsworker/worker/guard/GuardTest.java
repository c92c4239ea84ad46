package dev.smsworker.worker.guard;

import dev.smsworker.worker.pricing.PricingProperties;
import dev.smsworker.worker.pricing.PriceTable;
import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.RefusalCode;
import dev.smsworker.worker.encoding.Segments;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardTest {

    static final String NORWAY = "+4791234567";
    static final String NIGERIA = "+2348031234567";

    final AtomicLong nanos = new AtomicLong();
    final InMemoryGuardStore store = new InMemoryGuardStore(1000, nanos::get);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Clock clock = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    int ids;

    @Test
    void nothingConfiguredRefusesNothingButALongOtp() {
        Guard guard = guard(properties(Map.of(), Map.of(), Map.of(), List.of(), false));
        assertThat(guard.check(message(NIGERIA, Kind.MARKETING, 1, "x".repeat(1000)))).isEmpty();
        assertThat(guard.check(message(NIGERIA, Kind.OTP, 1, "Your code is 123456"))).isEmpty();
        assertThat(code(guard.check(message(NIGERIA, Kind.OTP, 1, "x".repeat(307))))).isEqualTo(RefusalCode.TOO_MANY_SEGMENTS);
    }

    @Test
    void anOtpOverItsSegmentCapIsRefusedAndTheCapCanBeLifted() {
        Guard guard = guard(properties(Map.of(), Map.of(), Map.of(), List.of(), false), new LimitsProperties(Map.of("otp", 1)));
        assertThat(code(guard.check(message(NORWAY, Kind.OTP, 1, "x".repeat(161))))).isEqualTo(RefusalCode.TOO_MANY_SEGMENTS);
        Guard lifted = guard(properties(Map.of(), Map.of(), Map.of(), List.of(), false), new LimitsProperties(Map.of("otp", 0)));
        assertThat(lifted.check(message(NORWAY, Kind.OTP, 1, "x".repeat(1000)))).isEmpty();
    }

    @Test
    void anAllowListRefusesEveryOtherCountryAndABlockListOnlyItsOwn() {
        Guard guard = guard(properties(Map.of(
                "otp", new GuardProperties.Countries(List.of("NO", "se"), List.of()),
                "marketing", new GuardProperties.Countries(List.of(), List.of("NG"))), Map.of(), Map.of(), List.of(), false));
        assertThat(guard.check(message(NORWAY, Kind.OTP, 1, "code"))).isEmpty();
        Optional<Refusal> refusal = guard.check(message(NIGERIA, Kind.OTP, 1, "code"));
        assertThat(code(refusal)).isEqualTo(RefusalCode.BLOCKED_COUNTRY);
        assertThat(refusal.get().reason()).contains("NG").doesNotContain("8031234567");
        assertThat(guard.check(message(NORWAY, Kind.MARKETING, 1, "sale"))).isEmpty();
        assertThat(code(guard.check(message(NIGERIA, Kind.MARKETING, 1, "sale")))).isEqualTo(RefusalCode.BLOCKED_COUNTRY);
        assertThat(guard.check(message(NIGERIA, Kind.TRANSACTIONAL, 1, "receipt"))).as("no rule for this kind").isEmpty();
    }

    @Test
    void aCountryCapRefusesOnceTheWindowIsFullAndTakesAgainWhenItHasPassed() {
        Guard guard = guard(properties(Map.of(), Map.of("otp", new GuardProperties.Velocity("2/1m", Map.of("NO", "3/1m"), "", 6)),
                Map.of(), List.of(), false));
        for (int i = 0; i < 2; i++) {
            assertThat(guard.check(message("+23480312345" + i + i, Kind.OTP, 1, "code"))).isEmpty();
        }
        assertThat(code(guard.check(message("+2348031234599", Kind.OTP, 1, "code")))).isEqualTo(RefusalCode.VELOCITY_COUNTRY);
        for (int i = 0; i < 3; i++) {
            assertThat(guard.check(message("+479123456" + i, Kind.OTP, 1, "code"))).as("Norway's own cap").isEmpty();
        }
        assertThat(code(guard.check(message("+4791234569", Kind.OTP, 1, "code")))).isEqualTo(RefusalCode.VELOCITY_COUNTRY);

        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(guard.check(message("+2348031234599", Kind.OTP, 1, "code"))).isEmpty();
    }

    @Test
    void aPrefixCapCountsNumbersThatShareTheirFirstDigits() {
        Guard guard = guard(properties(Map.of(), Map.of("otp", new GuardProperties.Velocity("", Map.of(), "2/1h", 6)),
                Map.of(), List.of(), false));
        assertThat(guard.check(message("+2349011111111", Kind.OTP, 1, "code"))).isEmpty();
        assertThat(guard.check(message("+2349012222222", Kind.OTP, 1, "code"))).isEmpty();
        Optional<Refusal> third = guard.check(message("+2349013333333", Kind.OTP, 1, "code"));
        assertThat(code(third)).isEqualTo(RefusalCode.VELOCITY_PREFIX);
        assertThat(third.get().reason()).contains("+234901");
        assertThat(guard.check(message("+2349021111111", Kind.OTP, 1, "code"))).as("another prefix").isEmpty();
    }

    @Test
    void theFourthCodeToOneNumberWithinTenMinutesIsThrottledButRetriesDoNotCount() {
        Guard guard = guard(properties(Map.of(), Map.of(), Map.of("otp", "3/10m"), List.of(), false));
        for (int i = 0; i < 3; i++) {
            assertThat(guard.check(message(NORWAY, Kind.OTP, 1, "code"))).isEmpty();
            assertThat(guard.check(message(NORWAY, Kind.OTP, 2, "code"))).as("a retry is the same message").isEmpty();
        }
        assertThat(code(guard.check(message(NORWAY, Kind.OTP, 1, "code")))).isEqualTo(RefusalCode.RECIPIENT_THROTTLED);
        assertThat(guard.check(message("+4791234568", Kind.OTP, 1, "code"))).as("another number").isEmpty();
        assertThat(guard.check(message(NORWAY, Kind.TRANSACTIONAL, 1, "receipt"))).as("another kind").isEmpty();

        nanos.addAndGet(Duration.ofMinutes(10).toNanos());
        assertThat(guard.check(message(NORWAY, Kind.OTP, 1, "code"))).isEmpty();
    }

    @Test
    void anOlderOtpBackFromADelayQueueIsSupersededByANewerOne() {
        Guard guard = guard(properties(Map.of(), Map.of(), Map.of(), List.of("otp"), false));
        GuardedMessage first = message(NORWAY, Kind.OTP, 1, "code 111111");
        GuardedMessage second = message(NORWAY, Kind.OTP, 1, "code 222222");
        assertThat(guard.check(first)).isEmpty();
        assertThat(guard.check(second)).isEmpty();

        assertThat(code(guard.check(retry(first)))).isEqualTo(RefusalCode.SUPERSEDED);
        assertThat(guard.check(retry(second))).as("the newest goes").isEmpty();
    }

    @Test
    void supersessionIsPerKindAndOffUnlessConfigured() {
        Guard guard = guard(properties(Map.of(), Map.of(), Map.of(), List.of("otp"), false));
        GuardedMessage receipt = message(NORWAY, Kind.TRANSACTIONAL, 1, "receipt 1");
        guard.check(receipt);
        guard.check(message(NORWAY, Kind.TRANSACTIONAL, 1, "receipt 2"));
        assertThat(guard.check(retry(receipt))).isEmpty();
    }

    @Test
    void aNumberAProviderSaidOptedOutIsSuppressedForTheTtl() {
        Guard guard = guard(properties(Map.of(), Map.of(), Map.of(), List.of(), true));
        guard.learn(NORWAY, "twilio", "30001");
        assertThat(guard.check(message(NORWAY, Kind.MARKETING, 1, "sale"))).as("not a suppression code").isEmpty();

        guard.learn(NORWAY, "twilio", "21610");
        Optional<Refusal> refusal = guard.check(message(NORWAY, Kind.MARKETING, 1, "sale"));
        assertThat(code(refusal)).isEqualTo(RefusalCode.SUPPRESSED);
        assertThat(refusal.get().reason()).contains("opted_out", "twilio:21610").doesNotContain("91234567");
        assertThat(store.scan(dev.smsworker.contracts.SuppressedNumber.KEY, 10).values()).singleElement().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("OPTED_OUT", "+47******67").doesNotContain("91234567");

        nanos.addAndGet(Duration.ofDays(30).toNanos());
        assertThat(guard.check(message(NORWAY, Kind.MARKETING, 1, "sale"))).isEmpty();
    }

    /** Issue 13: the asynchronous answers too. Vonage and LINK report opt-outs and invalid numbers only in receipts. */
    @Test
    void aReceiptThatSaysOptedOutLandlineOrInvalidSuppressesTheNumberByItsHash() {
        Guard guard = guard(properties(Map.of(), Map.of(), Map.of(), List.of(), true));
        dev.smsworker.worker.message.Recipient recipient = new dev.smsworker.worker.message.Recipient(NORWAY);
        assertThat(guard.learnFromReceipt(recipient.key(), recipient.masked(), "vonage", "2")).as("absent subscriber").isFalse();
        assertThat(guard.learnFromReceipt(recipient.key(), recipient.masked(), "sinch", "Deleted")).as("ambiguous").isFalse();
        assertThat(guard.learnFromReceipt(null, null, "vonage", "9")).as("a record without its recipient").isFalse();
        assertThat(guard.check(message(NORWAY, Kind.MARKETING, 1, "sale"))).isEmpty();

        assertThat(guard.learnFromReceipt(recipient.key(), recipient.masked(), "vonage", "9")).isTrue();
        Optional<Refusal> refusal = guard.check(message(NORWAY, Kind.OTP, 1, "code"));
        assertThat(code(refusal)).isEqualTo(RefusalCode.SUPPRESSED);
        assertThat(refusal.get().reason()).contains("opted_out", "vonage:9").doesNotContain("91234567");

        String[][] answers = {{"twilio", "30006"}, {"linkmobility", "2106"}, {"http", "landline"}};
        for (int i = 0; i < answers.length; i++) {
            String[] answer = answers[i];
            Guard fresh = guard(properties(Map.of(), Map.of(), Map.of(), List.of(), true));
            dev.smsworker.worker.message.Recipient number = new dev.smsworker.worker.message.Recipient("+479200000" + i);
            assertThat(fresh.learnFromReceipt(number.key(), number.masked(), answer[0], answer[1])).as(answer[0]).isTrue();
        }
    }

    @Test
    void suppressionIsNotLearnedUnlessEnabled() {
        Guard guard = guard(properties(Map.of(), Map.of(), Map.of(), List.of(), false));
        guard.learn(NORWAY, "twilio", "21610");
        assertThat(guard.check(message(NORWAY, Kind.MARKETING, 1, "sale"))).isEmpty();
    }

    @Test
    void aKindIsRefusedOnceItsDailySpendReachedTheCapAndOtpIsNotCappedUnlessSaid() {
        SpendProperties spendProperties = new SpendProperties(Map.of("marketing", new SpendProperties.Caps(new BigDecimal("0.10"), SpendProperties.AtCap.REFUSE)));
        SpendLedger spend = new SpendLedger(spendProperties, store, clock);
        Guard guard = new Guard(properties(Map.of(), Map.of(), Map.of(), List.of(), false), new LimitsProperties(Map.of()),
                store, spend, registry, clock);
        SpendRecorder recorder = new SpendRecorder(new PriceTable(new PricingProperties("EUR",
                Map.of("twilio", Map.of("default", new BigDecimal("0.05"), "no", new BigDecimal("0.04"))))), spend, "EUR", registry);

        assertThat(recorder.sent("twilio", "NO", Kind.MARKETING, Segments.of("x".repeat(200)))).contains(new BigDecimal("0.08"));
        assertThat(guard.check(message(NORWAY, Kind.MARKETING, 1, "sale"))).isEmpty();
        assertThat(recorder.sent("twilio", "NG", Kind.MARKETING, Segments.of("sale"))).contains(new BigDecimal("0.05"));
        assertThat(code(guard.check(message(NORWAY, Kind.MARKETING, 1, "sale")))).isEqualTo(RefusalCode.SPEND_CAP);

        recorder.sent("twilio", "NO", Kind.OTP, Segments.of("code"));
        assertThat(guard.check(message(NORWAY, Kind.OTP, 1, "code"))).isEmpty();
        assertThat(registry.get("sms.cost").tags("provider", "twilio", "country", "NO", "kind", "marketing").counter().count())
                .isEqualTo(0.08);
        assertThat(registry.get("sms.segments").tags("provider", "twilio", "kind", "marketing").counter().count()).isEqualTo(3);
        assertThat(recorder.sent("vonage", "NO", Kind.OTP, Segments.of("code"))).as("no price for vonage").isEmpty();

        spend.register(registry);
        assertThat(registry.get("sms.spend.today").tag("kind", "marketing").gauge().value()).isEqualTo(0.13);
        assertThat(registry.get("sms.spend.cap").tag("kind", "marketing").gauge().value()).isEqualTo(0.10);
        assertThat(registry.find("sms.spend.today").tag("kind", "otp").gauge()).as("not capped").isNull();
    }

    // Issue 13, "held or refused (configurable)": at-cap=hold stops the message for now, without counting a refusal.

    @Test
    void atACapThatHoldsTheMessageIsHeldNotRefusedAndOnlyItsOwnKind() {
        SpendLedger spend = spendLedger(Map.of("marketing", SpendProperties.AtCap.HOLD, "transactional", SpendProperties.AtCap.REFUSE));
        Guard guard = new Guard(properties(Map.of(), Map.of(), Map.of(), List.of(), false), new LimitsProperties(Map.of()),
                store, spend, registry, clock);
        spend.add(Kind.MARKETING, new BigDecimal("0.10"));
        spend.add(Kind.TRANSACTIONAL, new BigDecimal("0.10"));

        Refusal held = guard.check(message(NORWAY, Kind.MARKETING, 1, "sale")).orElseThrow();
        assertThat(held.code()).isEqualTo(RefusalCode.SPEND_CAP);
        assertThat(held.hold()).isTrue();
        assertThat(held.reason()).isEqualTo("marketing spend today 0.1 reached its daily cap 0.1");
        Refusal refused = guard.check(message(NORWAY, Kind.TRANSACTIONAL, 1, "receipt")).orElseThrow();
        assertThat(refused.hold()).as("at-cap refuse, the default").isFalse();
        assertThat(guard.check(message(NORWAY, Kind.OTP, 1, "code"))).as("OTP has no cap").isEmpty();
        assertThat(registry.find("sms.guard.refusals").tags("kind", "marketing").counter()).as("held, not refused").isNull();
        assertThat(registry.get("sms.guard.refusals").tags("kind", "transactional", "mode", "enforce").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aHeldKindGoesAgainOnceTheUtcDayRolledOver() {
        MutableClock days = new MutableClock(Instant.parse("2026-11-30T23:59:00Z"));
        SpendLedger spend = new SpendLedger(new SpendProperties(Map.of("marketing",
                new SpendProperties.Caps(new BigDecimal("0.10"), SpendProperties.AtCap.HOLD))), store, days);
        Guard guard = new Guard(properties(Map.of(), Map.of(), Map.of(), List.of(), false), new LimitsProperties(Map.of()),
                store, spend, registry, days);
        spend.add(Kind.MARKETING, new BigDecimal("0.10"));
        assertThat(guard.check(message(NORWAY, Kind.MARKETING, 1, "sale"))).isPresent();

        days.now = Instant.parse("2026-12-01T00:00:00Z");
        assertThat(guard.check(message(NORWAY, Kind.MARKETING, 1, "sale"))).isEmpty();
    }

    @Test
    void aHeldKindGoesAgainOnceAWorkerWithAHigherCapReadsTheSameTotal() {
        SpendLedger before = spendLedger(Map.of("marketing", SpendProperties.AtCap.HOLD));
        before.add(Kind.MARKETING, new BigDecimal("0.10"));
        assertThat(before.check(Kind.MARKETING)).isPresent();

        SpendLedger raised = new SpendLedger(new SpendProperties(Map.of("marketing",
                new SpendProperties.Caps(new BigDecimal("0.20"), SpendProperties.AtCap.HOLD))), store, clock);
        assertThat(raised.check(Kind.MARKETING)).isEmpty();
    }

    @Test
    void inMonitorModeAMessageAtACapThatHoldsIsCountedAsOneTheGuardWouldStopAndSent() {
        SpendLedger spend = spendLedger(Map.of("marketing", SpendProperties.AtCap.HOLD));
        GuardProperties monitor = new GuardProperties(GuardProperties.Mode.MONITOR, Map.of(), Map.of(), Map.of(), List.of(),
                Duration.ofHours(1), new GuardProperties.Suppression(false, Duration.ofDays(30)), "p:", 1000);
        Guard guard = new Guard(monitor, new LimitsProperties(Map.of()), store, spend, registry, clock);
        spend.add(Kind.MARKETING, new BigDecimal("0.10"));

        assertThat(guard.check(message(NORWAY, Kind.MARKETING, 1, "sale"))).isEmpty();
        assertThat(registry.get("sms.guard.refusals").tags("code", "spend-cap", "mode", "monitor", "kind", "marketing")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void anOtpBackFromAHoldOnItsFirstAttemptIsSupersededByANewerOne() {
        Guard guard = guard(properties(Map.of(), Map.of(), Map.of(), List.of("otp"), false));
        GuardedMessage older = message(NORWAY, Kind.OTP, 1, "code 111111");
        guard.check(older);
        GuardedMessage newer = message(NORWAY, Kind.OTP, 1, "code 222222");
        assertThat(guard.check(newer)).isEmpty();

        GuardedMessage olderBack = new GuardedMessage(older.messageId(), older.to(), older.kind(), 1, older.segments(), true);
        assertThat(code(guard.check(olderBack))).as("a hold spends no attempt, but it is not new").isEqualTo(RefusalCode.SUPERSEDED);
        GuardedMessage newerBack = new GuardedMessage(newer.messageId(), newer.to(), newer.kind(), 1, newer.segments(), true);
        assertThat(guard.check(newerBack)).as("the newest goes, and stays the newest").isEmpty();
        assertThat(code(guard.check(retry(older)))).isEqualTo(RefusalCode.SUPERSEDED);
    }

    SpendLedger spendLedger(Map<String, SpendProperties.AtCap> atCap) {
        Map<String, SpendProperties.Caps> caps = new java.util.HashMap<>();
        atCap.forEach((kind, at) -> caps.put(kind, new SpendProperties.Caps(new BigDecimal("0.10"), at)));
        return new SpendLedger(new SpendProperties(caps), store, clock);
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void monitorModeCountsAndLogsButLetsTheMessageGo() {
        GuardProperties monitor = new GuardProperties(GuardProperties.Mode.MONITOR,
                Map.of("otp", new GuardProperties.Countries(List.of("NO"), List.of())), Map.of(), Map.of(), List.of(),
                Duration.ofHours(1), new GuardProperties.Suppression(false, Duration.ofDays(30)), "p:", 1000);
        Guard guard = guard(monitor);
        assertThat(guard.check(message(NIGERIA, Kind.OTP, 1, "code"))).isEmpty();
        assertThat(registry.get("sms.guard.refusals").tags("code", "blocked-country", "mode", "monitor", "kind", "otp")
                .counter().count()).isEqualTo(1);

        Guard enforcing = guard(properties(Map.of("otp", new GuardProperties.Countries(List.of("NO"), List.of())),
                Map.of(), Map.of(), List.of(), false));
        assertThat(enforcing.check(message(NIGERIA, Kind.OTP, 1, "code"))).isPresent();
        assertThat(registry.get("sms.guard.refusals").tags("mode", "enforce").counter().count()).isEqualTo(1);
    }

    @Test
    void wrongConfigurationStopsTheStartWithThePropertysName() {
        assertThatThrownBy(() -> guard(properties(Map.of("otp", new GuardProperties.Countries(List.of("XX"), List.of())),
                Map.of(), Map.of(), List.of(), false))).hasMessageContaining("sms.guard.countries.otp.allow");
        assertThatThrownBy(() -> guard(properties(Map.of(), Map.of(), Map.of("otp", "three a minute"), List.of(), false)))
                .hasMessageContaining("sms.guard.recipient.otp");
        assertThatThrownBy(() -> guard(properties(Map.of(), Map.of(), Map.of("sms", "3/1m"), List.of(), false)))
                .hasMessageContaining("unknown kind 'sms'");
    }

    GuardedMessage message(String to, Kind kind, int attempt, String body) {
        return new GuardedMessage("m-" + ++ids, to, kind, attempt, Segments.of(body));
    }

    static GuardedMessage retry(GuardedMessage message) {
        return new GuardedMessage(message.messageId(), message.to(), message.kind(), message.attempt() + 1, message.segments());
    }

    static RefusalCode code(Optional<Refusal> refusal) {
        return refusal.map(Refusal::code).orElse(null);
    }

    static GuardProperties properties(Map<String, GuardProperties.Countries> countries, Map<String, GuardProperties.Velocity> velocity,
                                      Map<String, String> recipient, List<String> supersede, boolean suppression) {
        return new GuardProperties(GuardProperties.Mode.ENFORCE, countries, velocity, recipient, supersede, Duration.ofHours(1),
                new GuardProperties.Suppression(suppression, Duration.ofDays(30)), "p:", 1000);
    }

    Guard guard(GuardProperties properties) {
        return guard(properties, new LimitsProperties(Map.of()));
    }

    Guard guard(GuardProperties properties, LimitsProperties limits) {
        return new Guard(properties, limits, store, new SpendLedger(new SpendProperties(Map.of()), store, clock), registry, clock);
    }
}
