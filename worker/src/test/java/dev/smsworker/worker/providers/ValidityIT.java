package dev.smsworker.worker.providers;

import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The message's validity reaches the provider through the whole worker (issue 12): the pipeline hands the
 * expiry to the provider, which sends what is left of it (Twilio: ValidityPeriod, seconds). The per-provider
 * fields and clamps are unit-tested with each provider; this guards the wiring.
 */
class ValidityIT {

    @RegisterExtension
    static final WorkerFixture fixture = new WorkerFixture("validity");

    @Test
    void anExpiringMessageIsSentWithWhatIsLeftOfItsValidity() {
        String id = Requests.uniqueId();
        String body = "valid " + id;

        fixture.client().publish("send.otp", Requests.expiring(id, "otp", body, Instant.now().plus(Duration.ofMinutes(5))));

        await().atMost(Duration.ofSeconds(20)).until(() -> !fixture.twilio().callsWithBody(body).isEmpty());
        int validity = Integer.parseInt(fixture.twilio().callsWithBody(body).getFirst().form().get("ValidityPeriod"));
        assertThat(validity).as("seconds left of 5 minutes when sent").isBetween(200, 300);
    }

    @Test
    void anOtpWithoutExpiresAtGetsTheDefaultValidityAndOtherKindsNone() {
        String otp = "otp " + Requests.uniqueId();
        String marketing = "marketing " + Requests.uniqueId();

        fixture.client().publish("send.otp", Requests.json(Requests.uniqueId(), "otp", otp));
        fixture.client().publish("send.marketing", Requests.json(Requests.uniqueId(), "marketing", marketing));

        await().atMost(Duration.ofSeconds(20)).until(() -> !fixture.twilio().callsWithBody(otp).isEmpty()
                && !fixture.twilio().callsWithBody(marketing).isEmpty());
        List<FakeTwilio.Call> otpCalls = fixture.twilio().callsWithBody(otp);
        assertThat(Integer.parseInt(otpCalls.getFirst().form().get("ValidityPeriod")))
                .as("the OTP default of 10 minutes, less the time to send").isBetween(500, 600);
        assertThat(fixture.twilio().callsWithBody(marketing).getFirst().form()).doesNotContainKey("ValidityPeriod");
    }
}
