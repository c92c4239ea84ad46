package dev.smsworker.worker.topology;

import dev.smsworker.contracts.topology.ExpectedBinding;
import dev.smsworker.contracts.topology.ExpectedExchange;
import dev.smsworker.contracts.topology.ExpectedQueue;
import dev.smsworker.contracts.topology.ExpectedTopology;
import dev.smsworker.worker.consumer.BrokerProperties;
import dev.smsworker.worker.retry.DelayTier;
import dev.smsworker.worker.retry.DelayTiers;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.List;

/**
 * Every exchange, queue and binding of sms-worker, on one screen: {@link ExpectedTopology} (contracts)
 * describes them, so the drift check and {@code sms-ops} read the same description. In {@code declare}
 * mode Spring's RabbitAdmin declares them (idempotently, all durable) whenever the publishing connection
 * opens; in {@code verify} mode {@link PassiveTopologyAdmin} only checks that they exist.
 *
 * <pre>
 *  publisher --send.otp--------------> [sms] (topic) --> sms.send.otp --+
 *            --send.transactional|marketing------------> sms.send -----+--> worker
 *            --anything else--> (alternate) [sms.unrouted] --> sms.unrouted --+
 *  worker --retry n--> [sms.retry.&lt;delay&gt;] --> sms.retry.&lt;delay&gt; --(TTL, dead-letter)--> [sms]
 *  worker --give up--> [sms.failed] --> sms.failed      (work queues also dead-letter here)
 *  worker --status---> [sms.events] (topic: sent, retrying, failed)
 * </pre>
 *
 * Work queues always have a dead-letter exchange: RabbitMQ 4 drops a quorum queue's message after 20
 * deliveries when none is set.
 */
@Configuration(proxyBeanMethods = false)
class SmsTopology {

    @Bean
    ExpectedTopology expectedTopology(TopologyProperties properties, DelayTiers tiers) {
        ExpectedTopology expected = ExpectedTopology.of(tiers.all().stream().map(DelayTier::delay).toList(),
                properties.queueType() == QueueType.QUORUM);
        for (DelayTier tier : tiers.all()) {
            // OutcomeStore publishes to the tiers by DelayTiers' labels: a disagreement would strand retries.
            if (expected.queues().stream().noneMatch(q -> q.name().equals(tier.queue()))) {
                throw new IllegalStateException("no delay queue " + tier.queue() + " in the expected topology");
            }
        }
        return expected;
    }

    @Bean
    @ConditionalOnProperty(prefix = "sms.topology", name = "mode", havingValue = "declare", matchIfMissing = true)
    Declarables smsDeclarables(ExpectedTopology expected) {
        List<Declarable> all = new ArrayList<>();
        for (ExpectedExchange exchange : expected.exchanges()) {
            ExchangeBuilder builder = new ExchangeBuilder(exchange.name(), exchange.type()).durable(true);
            if (exchange.alternateExchange() != null) {
                builder.alternate(exchange.alternateExchange());
            }
            all.add(builder.build());
        }
        for (ExpectedQueue queue : expected.queues()) {
            all.add(QueueBuilder.durable(queue.name()).withArguments(queue.arguments()).build());
        }
        for (ExpectedBinding binding : expected.bindings()) {
            all.add(new Binding(binding.queue(), Binding.DestinationType.QUEUE, binding.source(), binding.routingKey(), null));
        }
        return new Declarables(all);
    }

    @Bean
    @ConditionalOnProperty(prefix = "sms.topology", name = "mode", havingValue = "verify")
    PassiveTopologyAdmin passiveTopologyAdmin(CachingConnectionFactory connectionFactory, ExpectedTopology expected) {
        return new PassiveTopologyAdmin(connectionFactory, expected);
    }

    @Bean
    @ConditionalOnProperty(prefix = "sms.topology", name = "mode", havingValue = "verify")
    StartupVerification startupVerification(PassiveTopologyAdmin admin, BrokerProperties broker) {
        return new StartupVerification(admin, broker);
    }
}
