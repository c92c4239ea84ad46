package dev.smsworker.worker.routing;

import dev.smsworker.worker.providers.SendResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.smsworker.worker.routing.Routing.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProviderRouterTest {

    static final String NORWAY = "+4791234567";

    final FakeSmsProvider primary = new FakeSmsProvider("primary");
    final FakeSmsProvider secondary = new FakeSmsProvider("secondary");
    final Routing routing = new Routing();

    @Test
    void theFirstProviderSendsAndTheOthersAreNotCalled() {
        RouteResult result = routing.build(primary, secondary).send(sms(NORWAY));

        assertThat(result.outcome()).isInstanceOf(SendResult.Sent.class);
        assertThat(result.outcome().provider()).isEqualTo("primary");
        assertThat(secondary.callCount()).isZero();
        assertThat(routing.calls).containsExactly("primary:sent");
    }

    @Test
    void aRetryableFailureFailsOverToTheNextProviderInTheSameAttempt() {
        primary.failingRetryably("503");

        RouteResult result = routing.build(primary, secondary).send(sms(NORWAY));

        assertThat(result.outcome()).isInstanceOf(SendResult.Sent.class);
        assertThat(result.outcome().provider()).isEqualTo("secondary");
        assertThat(result.failureSummary()).isEqualTo("primary=RETRYABLE:503");
    }

    @Test
    void aProviderFatalFailureFailsOverToo() {
        primary.failingProviderFatally("9");

        RouteResult result = routing.build(primary, secondary).send(sms(NORWAY));

        assertThat(result.outcome().provider()).isEqualTo("secondary");
        assertThat(result.failureSummary()).isEqualTo("primary=PROVIDER_FATAL:9");
    }

    @Test
    void aMessageFatalFailureStopsAndTheNextProviderIsNeverCalled() {
        primary.failingMessageFatally("21211");

        RouteResult result = routing.build(primary, secondary).send(sms(NORWAY));

        assertThat(result.outcome()).isInstanceOf(SendResult.MessageFatal.class);
        assertThat(secondary.callCount()).isZero();
    }

    @Test
    void whenEveryProviderFailsTheOutcomeIsRetryableIfAnyMaySucceedLater() {
        primary.failingRetryably("503");
        secondary.failingProviderFatally("401");

        RouteResult result = routing.build(primary, secondary).send(sms(NORWAY));

        assertThat(result.outcome()).isInstanceOf(SendResult.Retryable.class);
        assertThat(result.failureSummary()).isEqualTo("primary=RETRYABLE:503; secondary=PROVIDER_FATAL:401");
    }

    @Test
    void whenEveryProviderIsProviderFatalTheOutcomeIsProviderFatal() {
        primary.failingProviderFatally("20003");
        secondary.failingProviderFatally("4");

        assertThat(routing.build(primary, secondary).send(sms(NORWAY)).outcome()).isInstanceOf(SendResult.ProviderFatal.class);
    }

    @Test
    void theBreakerOpensAfterFailuresSkipsTheProviderAndProbesItAfterTheCoolDown() {
        primary.failingProviderFatally("9");
        ProviderRouter router = routing.breaker(2, Duration.ofMillis(300)).build(primary, secondary);
        router.send(sms(NORWAY));
        router.send(sms(NORWAY));
        assertThat(primary.callCount()).isEqualTo(2);

        RouteResult skipped = router.send(sms(NORWAY));

        assertThat(primary.callCount()).isEqualTo(2);
        assertThat(skipped.outcome().provider()).isEqualTo("secondary");
        // Skipped, not called: the summary shows what primary itself answered last, not "breaker-open".
        assertThat(skipped.failureSummary()).isEqualTo("primary=PROVIDER_FATAL:9");
        assertThat(skipped.failures().getFirst().reason()).startsWith("circuit breaker open, provider skipped");
        assertThat(breakerState("primary", "open")).isEqualTo(1.0);

        primary.sending();
        await().atMost(Duration.ofSeconds(2)).until(() -> breakerState("primary", "half_open") == 1.0);
        RouteResult probe = router.send(sms(NORWAY));

        assertThat(probe.outcome().provider()).isEqualTo("primary");
        assertThat(breakerState("primary", "closed")).isEqualTo(1.0);
    }

    @Test
    void invalidNumbersDoNotOpenTheBreaker() {
        primary.failingMessageFatally("21211");
        ProviderRouter router = routing.breaker(2, Duration.ofMinutes(1)).build(primary, secondary);

        for (int i = 0; i < 5; i++) {
            router.send(sms(NORWAY));
        }

        assertThat(primary.callCount()).isEqualTo(5);
        assertThat(breakerState("primary", "closed")).isEqualTo(1.0);
    }

    @Test
    void waitingForARateLimitPermitIsNotAFailure() {
        ProviderRouter router = routing.rateLimit("primary", 1, Duration.ofSeconds(2)).build(primary, secondary);
        long start = System.nanoTime();

        router.send(sms(NORWAY));
        RouteResult second = router.send(sms(NORWAY));

        assertThat(second.outcome().provider()).isEqualTo("primary");
        assertThat(second.failures()).isEmpty();
        // One permit per second: the second send waited for the next period.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(100));
    }

    @Test
    void noPermitWithinTheWaitSkipsToTheNextProvider() {
        ProviderRouter router = routing.rateLimit("primary", 1, Duration.ofMillis(50)).build(primary, secondary);

        router.send(sms(NORWAY));
        RouteResult second = router.send(sms(NORWAY));

        assertThat(second.outcome().provider()).isEqualTo("secondary");
        assertThat(second.failureSummary()).isEqualTo("primary=RETRYABLE:rate-limited-locally");
        assertThat(primary.callCount()).isEqualTo(1);
    }

    @Test
    void aProviderSwitchedOffInConfigurationIsLeftOut() {
        routing.environment.setProperty("sms.providers.primary.enabled", "false");

        RouteResult result = routing.build(primary, secondary).send(sms(NORWAY));

        assertThat(result.outcome().provider()).isEqualTo("secondary");
        assertThat(result.failures()).isEmpty();
        assertThat(primary.callCount()).isZero();
    }

    @Test
    void aProviderSwitchedOffAtRuntimeIsLeftOutUntilSwitchedBack() {
        ProviderRouter router = routing.build(primary, secondary);

        routing.switches.set("primary", false);
        assertThat(router.send(sms(NORWAY)).outcome().provider()).isEqualTo("secondary");

        routing.switches.clear("primary");
        assertThat(router.send(sms(NORWAY)).outcome().provider()).isEqualTo("primary");
    }

    @Test
    void clearingARuntimeSwitchGoesBackToTheConfiguredValue() {
        routing.environment.setProperty("sms.providers.primary.enabled", "false");
        ProviderRouter router = routing.build(primary, secondary);
        assertThat(router.send(sms(NORWAY)).outcome().provider()).isEqualTo("secondary");

        routing.switches.set("primary", true);
        assertThat(router.send(sms(NORWAY)).outcome().provider()).isEqualTo("primary");

        routing.switches.clear("primary");
        assertThat(router.send(sms(NORWAY)).outcome().provider()).isEqualTo("secondary");
    }

    @Test
    void withEveryProviderSwitchedOffTheMessageWaitsForALaterAttempt() {
        routing.environment.setProperty("sms.providers.primary.enabled", "false");
        routing.environment.setProperty("sms.providers.secondary.enabled", "false");

        RouteResult result = routing.build(primary, secondary).send(sms(NORWAY));

        assertThat(result.outcome()).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.code()).isEqualTo("no-provider-enabled"));
        assertThat(result.waiting()).isEqualTo(RouteResult.Waiting.FOR_PROVIDER);
    }

    @Test
    void withEveryProviderBehindAnOpenBreakerNoAttemptIsMadeAndTheMessageWaitsUntilOneProbes() {
        primary.failingRetryably("503");
        secondary.failingRetryably("500");
        // A cool-down long enough for a busy machine to make the second send while the breakers are open.
        ProviderRouter router = routing.breaker(1, Duration.ofSeconds(3)).build(primary, secondary);
        assertThat(router.send(sms(NORWAY)).mustWait()).as("both called: an attempt").isFalse();

        RouteResult skipped = router.send(sms(NORWAY));

        assertThat(primary.callCount() + secondary.callCount()).isEqualTo(2);
        assertThat(skipped.waiting()).isEqualTo(RouteResult.Waiting.FOR_PROVIDER);
        assertThat(skipped.failureSummary()).isEqualTo("primary=RETRYABLE:503; secondary=RETRYABLE:500");
        assertThat(router.canTry(sms(NORWAY))).isFalse();
        await().atMost(Duration.ofSeconds(8)).until(() -> router.canTry(sms(NORWAY)));
    }

    @Test
    void aCredentialsFailureBehindAnOpenBreakerFailsTheMessageAsThatProviderFatalError() {
        primary.failingProviderFatally("20003");
        ProviderRouter router = routing.order("primary").breaker(1, Duration.ofMinutes(1)).build(primary);
        router.send(sms(NORWAY));

        RouteResult skipped = router.send(sms(NORWAY));

        assertThat(primary.callCount()).isEqualTo(1);
        assertThat(skipped.mustWait()).isFalse();
        assertThat(skipped.outcome()).isInstanceOfSatisfying(SendResult.ProviderFatal.class,
                f -> assertThat(f.code()).isEqualTo("20003"));
    }

    @Test
    void noPermitAtAnyProviderMeansWaitingForAPermitNotAnAttempt() {
        ProviderRouter router = routing.order("primary").rateLimit("primary", 1, Duration.ofMillis(50)).build(primary);
        router.send(sms(NORWAY));

        RouteResult second = router.send(sms(NORWAY));

        assertThat(second.waiting()).isEqualTo(RouteResult.Waiting.FOR_PERMIT);
        assertThat(primary.callCount()).isEqualTo(1);
    }

    private double breakerState(String name, String state) {
        return routing.meters.get("resilience4j.circuitbreaker.state").tags("name", name, "state", state).gauge().value();
    }

    /** Issue 9: an IllegalArgumentException from OkHttp (a non-ASCII header value) escaped the router. */
    @Test
    void aProviderThatThrowsIsThatProvidersFailureAndTheNextOneIsTried() {
        primary.answering(sms -> {
            throw new IllegalArgumentException("Unexpected char 0xf8 at 6 in Idempotency-Key value: ordre-\u00f8-1");
        });

        RouteResult result = routing.build(primary, secondary).send(sms(NORWAY));

        assertThat(result.outcome()).isInstanceOf(SendResult.Sent.class);
        assertThat(result.outcome().provider()).isEqualTo("secondary");
        assertThat(result.failureSummary()).isEqualTo("primary=PROVIDER_FATAL:internal-error");
        assertThat(result.failures().getFirst().reason()).isEqualTo("unexpected IllegalArgumentException in provider primary")
                .doesNotContain("ordre");
    }

    @Test
    void whenEveryProviderThrowsTheAttemptEndsWithAReasonInsteadOfAnException() {
        primary.answering(sms -> {
            throw new IllegalStateException("boom");
        });
        secondary.answering(sms -> {
            throw new NullPointerException();
        });

        RouteResult result = routing.build(primary, secondary).send(sms(NORWAY));

        assertThat(result.outcome()).isInstanceOfSatisfying(SendResult.ProviderFatal.class,
                f -> assertThat(f.code()).isEqualTo("internal-error"));
    }

    /** Issue 9: a 201 with a stalled body made the next provider send the SMS a second time. */
    @Test
    void anAmbiguousSuccessStopsTheRouteAndIsCounted() {
        primary.answering(sms -> SendResult.Sent.ambiguous("primary", null, "body-unreadable"));

        RouteResult result = routing.build(primary, secondary).send(sms(NORWAY));

        assertThat(result.outcome()).isEqualTo(SendResult.Sent.ambiguous("primary", null, "body-unreadable"));
        assertThat(secondary.callCount()).isZero();
        assertThat(routing.meters.get(ProviderRouter.AMBIGUOUS_METRIC).tag("provider", "primary").tag("reason", "body-unreadable")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void theRouteSaysWhichFailedAttemptsMayHaveReachedTheHandset() {
        primary.answering(sms -> new SendResult.Retryable("primary", "read-timeout", "no answer after the request was sent", true));
        secondary.failingRetryably("503");

        RouteResult result = routing.build(primary, secondary).send(sms(NORWAY));

        assertThat(result.maybeDelivered()).isEqualTo("primary:read-timeout");
        assertThat(result.outcome()).isInstanceOf(SendResult.Retryable.class);
    }

    @Test
    void noFailureThatMayHaveBeenDeliveredMeansNoEntry() {
        primary.failingRetryably("503");
        secondary.failingProviderFatally("4");

        assertThat(routing.build(primary, secondary).send(sms(NORWAY)).maybeDelivered()).isNull();
    }

    // Issue 12: with receipts on, an ambiguous send waits for the provider's receipt instead of failing over.

    @Test
    void anAmbiguousSendToAProviderThatReportsReceiptsStopsTheRoute() {
        primary.answering(sms -> new SendResult.Retryable("primary", "read-timeout", "no answer after the request was sent", true));

        RouteResult result = routing.receiptsFrom("primary").build(primary, secondary).send(sms(NORWAY));

        assertThat(secondary.callCount()).isZero();
        assertThat(result.mustWait()).isFalse();
        assertThat(result.maybeDelivered()).isEqualTo("primary:read-timeout");
    }

    @Test
    void anAmbiguousSendToAProviderWithoutReceiptsFailsOverAsBefore() {
        primary.answering(sms -> new SendResult.Retryable("primary", "read-timeout", "no answer after the request was sent", true));

        RouteResult result = routing.receiptsFrom("secondary").build(primary, secondary).send(sms(NORWAY));

        assertThat(result.outcome().provider()).isEqualTo("secondary");
    }

    @Test
    void anExcludedProviderIsNotCalledAgain() {
        RouteResult result = routing.receiptsFrom("primary").build(primary, secondary).send(sms(NORWAY), java.util.Set.of("primary"));

        assertThat(primary.callCount()).isZero();
        assertThat(result.outcome().provider()).isEqualTo("secondary");
    }

    @Test
    void whenEveryProviderIsExcludedTheAttemptFailsRetryablyWithoutACall() {
        RouteResult result = routing.build(primary, secondary).send(sms(NORWAY), java.util.Set.of("primary", "secondary"));

        assertThat(primary.callCount() + secondary.callCount()).isZero();
        assertThat(result.mustWait()).as("a receipt, not a provider, is awaited").isFalse();
        assertThat(result.outcome()).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.code()).isEqualTo(ProviderRouter.MAYBE_DELIVERED));
    }
}
