package dev.smsworker.worker.messaging;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Two templates on the publishing connection (the consumers have their own: a memory alarm blocks
 * publishing connections, and must not stall the acks). Republishes are mandatory, so an unroutable
 * message comes back to us; status events are not, since nobody has to listen to them.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    static final String CONFIRMED = "confirmedRabbitTemplate";
    static final String EVENTS = "eventsRabbitTemplate";

    @Bean(CONFIRMED)
    @Primary
    RabbitTemplate confirmedRabbitTemplate(ConnectionFactory connectionFactory) {
        RabbitTemplate template = new RabbitTemplate(connectionFactory);
        template.setMandatory(true);
        return template;
    }

    @Bean(EVENTS)
    @EventsTemplate
    RabbitTemplate eventsRabbitTemplate(ConnectionFactory connectionFactory) {
        RabbitTemplate template = new RabbitTemplate(connectionFactory);
        template.setMandatory(false);
        return template;
    }
}
