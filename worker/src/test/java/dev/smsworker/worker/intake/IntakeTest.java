package dev.smsworker.worker.intake;

import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Topology;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class IntakeTest {

    private final Intake intake = new Intake(new RequestReader(new RequestValidator(), new IntakeProperties(DataSize.ofKilobytes(32))));
    private final Instant now = Instant.parse("2026-01-01T12:00:00Z");

    /**
     * Guards a bug the fuzz run found: an OTP whose first-attempt header said
     * {@code +1000000000-12-31T23:59:59.999999999Z} made the expiry check overflow (DateTimeException),
     * and the message went to sms.failed without a reason.
     */
    @Test
    void aFirstAttemptInTheFutureCountsFromNow() {
        Received received = receive(Instant.MAX.toString());
        assertThat(received.context().firstAttemptAt()).isEqualTo(now);
        assertThat(received.context().firstAttemptAt().plusSeconds(600)).isAfter(now);
    }

    @Test
    void aFirstAttemptInThePastIsKept() {
        assertThat(receive("2026-01-01T11:59:00Z").context().firstAttemptAt()).isEqualTo(Instant.parse("2026-01-01T11:59:00Z"));
    }

    @Test
    void anUnreadableFirstAttemptCountsFromNow() {
        assertThat(receive("yesterday").context().firstAttemptAt()).isEqualTo(now);
    }

    private Received receive(String firstAttemptAt) {
        MessageProperties properties = new MessageProperties();
        properties.setHeader(Headers.FIRST_ATTEMPT_AT, firstAttemptAt);
        properties.setReceivedRoutingKey("send.otp");
        byte[] body = "{\"to\":\"+4791234567\",\"body\":\"code 1234\",\"kind\":\"otp\"}".getBytes(StandardCharsets.UTF_8);
        return intake.receive(new Message(body, properties), Topology.OTP_QUEUE, now);
    }
}
