package dev.smsworker.worker.outcome;

import dev.smsworker.contracts.Kind;
import dev.smsworker.worker.pricing.PriceTable;
import dev.smsworker.worker.pricing.PricingProperties;
import dev.smsworker.worker.messaging.ClosedConnections;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.tracing.MessageTracing;
import com.rabbitmq.client.AMQP;
import dev.smsworker.contracts.Headers;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
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

    /** The properties built directly are the ones Spring's MessageProperties and its converter gave before. */
    @Test
    void eventPropertiesAreTheConvertersOnes() {
        StatusEvents events = new StatusEvents(ClosedConnections.eventPublisher(), JsonMapper.builder().build(), Clock.systemUTC(),
                MessageTracing.NONE, new PriceTable(new PricingProperties("EUR", Map.of())));
        for (String correlationId : new String[]{"c-1", " "}) {
            MessageContext context = new MessageContext(new Message(new byte[0], new MessageProperties()), "m-1", correlationId,
                    Kind.OTP, 1, Instant.now(), "send.otp", "sms.send.otp");
            MessageProperties before = new MessageProperties();
            before.setContentType(MessageProperties.CONTENT_TYPE_JSON);
            before.setMessageId(context.messageId());
            before.setCorrelationId(context.correlationId());
            before.setHeader(Headers.CORRELATION_ID, context.correlationId());
            AMQP.BasicProperties expected = new DefaultMessagePropertiesConverter().fromMessageProperties(before, "UTF-8");

            AMQP.BasicProperties built = events.properties(context);

            assertThat(built.toString()).isEqualTo(expected.toString());
            assertThat(built.getHeaders()).isEqualTo(expected.getHeaders());
        }
    }
}
