package dev.smsworker.worker.outcome;

import dev.smsworker.contracts.Kind;
import dev.smsworker.worker.pricing.PriceTable;
import dev.smsworker.worker.pricing.PricingProperties;
import dev.smsworker.worker.messaging.ClosedConnections;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.tracing.MessageTracing;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;

class StatusEventsTest {

    /**
     * Guards issue 9: events are published after the outcome is stored. The client's
     * AlreadyClosedException escaped, and a message whose SMS was sent was rejected into sms.failed.
     */
    @Test
    void aConnectionClosedUnderAnEventIsLoggedNotThrown() {
        StatusEvents events = new StatusEvents(ClosedConnections.eventPublisher(), JsonMapper.builder().build(), Clock.systemUTC(),
                MessageTracing.NONE, new PriceTable(new PricingProperties("EUR", Map.of())));
        MessageContext context = new MessageContext(new Message(new byte[0], new MessageProperties()), "m-1", "c-1",
                Kind.OTP, 1, Instant.now(), "send.otp", "sms.send.otp");

        assertThatCode(() -> events.sent(context, "twilio", "SM1")).doesNotThrowAnyException();
    }
}
