package dev.smsworker.worker.messaging;

import dev.smsworker.worker.tracing.MessageTracing;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfirmedPublisherTest {

    /**
     * Guards issue 9: the client's AlreadyClosedException escaped publish(), and the consumer rejected
     * the message into sms.failed without a reason. A failure to publish is "not stored", nothing else.
     */
    @Test
    void aConnectionClosedUnderThePublisherIsAFailedPublishNotAnEscapingException() {
        ConfirmedPublisher publisher = new ConfirmedPublisher(ClosedConnections.template(), new PublishProperties(Duration.ofSeconds(1)),
                MessageTracing.NONE);

        assertThatThrownBy(() -> publisher.publish("sms.failed", "send.otp", new Message(new byte[0], new MessageProperties())))
                .isInstanceOfSatisfying(PublishFailedException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(PublishFailedException.Reason.CONNECTION);
                    org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains("AlreadyClosedException");
                });
    }
}
