package dev.smsworker.worker.intake;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationIdsTest {

    @Test
    void theCorrelationIdHeaderWinsOverTheOthers() {
        MessageProperties properties = new MessageProperties();
        properties.setHeader("correlation-id", "from-header");
        properties.setHeader("x-correlation-id", "from-x-header");
        properties.setCorrelationId("from-property");
        assertThat(CorrelationIds.resolve(properties)).isEqualTo("from-header");
    }

    @Test
    void xCorrelationIdComesBeforeTheAmqpProperty() {
        MessageProperties properties = new MessageProperties();
        properties.setHeader("x-correlation-id", "from-x-header");
        properties.setCorrelationId("from-property");
        assertThat(CorrelationIds.resolve(properties)).isEqualTo("from-x-header");
    }

    @Test
    void anOverlongOrOddCorrelationIdIsSkippedForTheNextSource() {
        MessageProperties properties = new MessageProperties();
        properties.setHeader("correlation-id", "x".repeat(129));
        properties.setHeader("x-correlation-id", "has spaces\nand newlines");
        properties.setCorrelationId("ok-123");
        assertThat(CorrelationIds.resolve(properties)).isEqualTo("ok-123");
    }

    @Test
    void withoutAnyOneIsGenerated() {
        assertThat(CorrelationIds.resolve(new MessageProperties())).hasSize(36);
    }
}
