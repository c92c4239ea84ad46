package dev.smsworker.worker.routing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class LanePausesTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final LanePauses pauses = new LanePauses(Clock.systemUTC(), meters);
    final List<String> heard = new CopyOnWriteArrayList<>();

    {
        pauses.addListener(new LanePauses.Listener() {
            @Override
            public void paused(String queue) {
                heard.add("paused " + queue);
            }

            @Override
            public void resumed(String queue) {
                heard.add("resumed " + queue);
            }
        });
    }

    @Test
    void aLanePausesWithItsFirstMessageWaitingForAProviderAndResumesWhenTheLastGoesOn() {
        LanePauses.Hold first = pauses.hold("sms.send", RouteResult.Waiting.FOR_PROVIDER, () -> "default (twilio=OPEN)");
        LanePauses.Hold second = pauses.hold("sms.send", RouteResult.Waiting.FOR_PROVIDER, () -> "default (twilio=OPEN)");
        assertThat(pauses.paused("sms.send")).isTrue();
        assertThat(pauses.paused("sms.send.otp")).as("lanes pause on their own").isFalse();
        assertThat(gauge("sms.lane.paused", "sms.send")).isEqualTo(1.0);

        first.close();
        assertThat(pauses.paused("sms.send")).isTrue();
        second.close();

        assertThat(pauses.paused("sms.send")).isFalse();
        assertThat(heard).containsExactly("paused sms.send", "resumed sms.send");
        assertThat(meters.get("sms.lane.pauses").tag("lane", "sms.send").counter().count()).isEqualTo(1.0);
        assertThat(gauge("sms.lane.paused", "sms.send")).isZero();
    }

    @Test
    void waitingForAPermitHoldsTheMessageButDoesNotPauseTheLane() {
        try (LanePauses.Hold hold = pauses.hold("sms.send", RouteResult.Waiting.FOR_PERMIT, () -> "default")) {
            assertThat(pauses.paused("sms.send")).isFalse();
            assertThat(meters.get("sms.messages.held").tag("lane", "sms.send").tag("waiting", "permit").gauge().value()).isEqualTo(1.0);
            hold.waitingFor(RouteResult.Waiting.FOR_PROVIDER, () -> "default (twilio=OPEN)");
            assertThat(pauses.paused("sms.send")).as("now its provider is down").isTrue();
        }
        assertThat(pauses.paused("sms.send")).isFalse();
        assertThat(meters.get("sms.messages.held").tag("lane", "sms.send").tag("waiting", "permit").gauge().value()).isZero();
    }

    private double gauge(String name, String lane) {
        return meters.get(name).tag("lane", lane).gauge().value();
    }
}
