package dev.smsworker.worker.routing;

import dev.smsworker.worker.dedup.ClaimCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

import static dev.smsworker.worker.routing.Routing.sms;
import static org.assertj.core.api.Assertions.assertThat;

class RouteHoldTest {

    static final String NORWAY = "+4791234567";

    final FakeSmsProvider primary = new FakeSmsProvider("primary");
    final Routing routing = new Routing().order("primary");
    final LanePauses pauses = new LanePauses(Clock.systemUTC(), new SimpleMeterRegistry());

    @Test
    void aMessageHeldBehindAnOpenBreakerIsSentOnceTheProviderProbesWithoutAnotherAttempt() {
        primary.failingRetryably("503");
        ProviderRouter router = routing.breaker(1, Duration.ofMillis(500)).build(primary);
        router.send(sms(NORWAY));
        primary.sending();
        RouteHold hold = hold(router);

        RouteResult result = hold.send(sms(NORWAY), "sms.send", null);

        assertThat(result.mustWait()).isFalse();
        assertThat(result.outcome().provider()).isEqualTo("primary");
        assertThat(primary.callCount()).as("one failure, then the held message's single call").isEqualTo(2);
        assertThat(pauses.paused("sms.send")).isFalse();
    }

    @Test
    void aHeldMessageGivesUpAtItsExpiryWithTheProvidersLastRealError() {
        primary.failingRetryably("503");
        ProviderRouter router = routing.breaker(1, Duration.ofMinutes(1)).build(primary);
        router.send(sms(NORWAY));

        RouteResult result = hold(router).send(sms(NORWAY), "sms.send.otp", Instant.now().plusMillis(300));

        assertThat(result.waiting()).isEqualTo(RouteResult.Waiting.FOR_PROVIDER);
        assertThat(result.failureSummary()).isEqualTo("primary=RETRYABLE:503");
        assertThat(primary.callCount()).isEqualTo(1);
        assertThat(pauses.paused("sms.send.otp")).isFalse();
    }

    @Test
    void onShutdownAHeldMessageIsLetGoUnsent() throws Exception {
        primary.failingRetryably("503");
        ProviderRouter router = routing.breaker(1, Duration.ofMinutes(1)).build(primary);
        router.send(sms(NORWAY));
        RouteHold hold = hold(router);

        Thread.ofVirtual().start(() -> {
            while (!pauses.paused("sms.send")) {
                Thread.onSpinWait();
            }
            pauses.release();
        });
        RouteResult result = hold.send(sms(NORWAY), "sms.send", null);

        assertThat(result.mustWait()).isTrue();
        assertThat(primary.callCount()).isEqualTo(1);
    }

    /** Issue 11: a hold may outlast the claim timeout many times; the attempt after it starts on a renewed claim. */
    @Test
    void afterAHoldTheClaimIsConfirmedBeforeTheProviderIsCalledAgain() {
        primary.failingRetryably("503");
        ProviderRouter router = routing.breaker(1, Duration.ofMillis(500)).build(primary);
        router.send(sms(NORWAY));
        primary.sending();
        // The sent-id record does not answer twice, then the claim is confirmed ours.
        ArrayDeque<ClaimCheck.Standing> answers = new ArrayDeque<>(List.of(
                ClaimCheck.Standing.UNCONFIRMED, ClaimCheck.Standing.UNCONFIRMED, ClaimCheck.Standing.HELD));
        RouteHold hold = new RouteHold(router, pauses, id -> answers.isEmpty() ? ClaimCheck.Standing.HELD : answers.poll(),
                Clock.systemUTC(), routing.properties());

        RouteResult result = hold.send(sms(NORWAY), "sms.send", null);

        assertThat(result.mustWait()).isFalse();
        assertThat(answers).as("no call before the claim was confirmed").isEmpty();
        assertThat(primary.callCount()).isEqualTo(2);
    }

    @Test
    void aHeldMessageWhoseClaimLapsedIsLetGoUnsent() {
        primary.failingRetryably("503");
        ProviderRouter router = routing.breaker(1, Duration.ofMillis(500)).build(primary);
        router.send(sms(NORWAY));
        primary.sending();
        RouteHold hold = new RouteHold(router, pauses, id -> ClaimCheck.Standing.LOST, Clock.systemUTC(), routing.properties());

        RouteResult result = hold.send(sms(NORWAY), "sms.send", null);

        assertThat(result.mustWait()).isTrue();
        assertThat(primary.callCount()).as("another delivery may hold the id now").isEqualTo(1);
        assertThat(pauses.paused("sms.send")).isFalse();
    }

    private RouteHold hold(ProviderRouter router) {
        return new RouteHold(router, pauses, Clock.systemUTC(), routing.properties());
    }
}
