package dev.smsworker.worker.topology;

import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.Topology;
import dev.smsworker.worker.retry.DelayTier;
import dev.smsworker.worker.retry.DelayTiers;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.List;

/**
 * Every exchange, queue and binding of sms-worker, on one screen. Spring's RabbitAdmin declares them
 * (idempotently, all durable) whenever the publishing connection opens.
 *
 * <pre>
 *  publisher --send.otp--------------> [sms] (topic) --> sms.send.otp --+
 *            --send.transactional|marketing------------> sms.send -----+--> worker
 *            --anything else--> (alternate) [sms.unrouted] --> sms.unrouted --+
 *  worker --retry n--> [sms.retry.&lt;delay&gt;] --> sms.retry.&lt;delay&gt; --(TTL, dead-letter)--> [sms]
 *  worker --give up--> [sms.failed] --> sms.failed      (work queues also dead-letter here)
 *  worker --status---> [sms.events] (topic: sent, retrying, failed)
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
class SmsTopology {

    @Bean
    Declarables smsDeclarables(TopologyProperties properties, DelayTiers tiers) {
        QueueArguments args = new QueueArguments(properties.queueType());
        List<Declarable> all = new ArrayList<>();

        TopicExchange sms = ExchangeBuilder.topicExchange(Topology.EXCHANGE).durable(true)
                .alternate(Topology.UNROUTED_EXCHANGE).build();
        FanoutExchange unrouted = ExchangeBuilder.fanoutExchange(Topology.UNROUTED_EXCHANGE).durable(true).build();
        FanoutExchange failed = ExchangeBuilder.fanoutExchange(Topology.FAILED_EXCHANGE).durable(true).build();
        TopicExchange events = ExchangeBuilder.topicExchange(Topology.EVENTS_EXCHANGE).durable(true).build();
        all.addAll(List.of(sms, unrouted, failed, events));

        // Work queues always have a dead-letter exchange: RabbitMQ 4 drops a quorum queue's message
        // after 20 deliveries when none is set.
        Queue otp = queue(Topology.OTP_QUEUE, args.deadLettering(Topology.FAILED_EXCHANGE));
        Queue send = queue(Topology.SEND_QUEUE, args.deadLettering(Topology.FAILED_EXCHANGE));
        Queue unroutedQueue = queue(Topology.UNROUTED_QUEUE, args.deadLettering(Topology.FAILED_EXCHANGE));
        Queue failedQueue = queue(Topology.FAILED_QUEUE, args.keepForever());
        all.addAll(List.of(otp, send, unroutedQueue, failedQueue));

        all.add(BindingBuilder.bind(otp).to(sms).with(Kind.OTP.routingKey()));
        all.add(BindingBuilder.bind(send).to(sms).with(Kind.TRANSACTIONAL.routingKey()));
        all.add(BindingBuilder.bind(send).to(sms).with(Kind.MARKETING.routingKey()));
        all.add(BindingBuilder.bind(unroutedQueue).to(unrouted));
        all.add(BindingBuilder.bind(failedQueue).to(failed));

        for (DelayTier tier : tiers.all()) {
            // A fanout exchange per tier keeps the message's own routing key (send.otp, ...), so when
            // the TTL dead-letters it back to [sms] it returns to the lane it came from.
            FanoutExchange tierExchange = ExchangeBuilder.fanoutExchange(tier.exchange()).durable(true).build();
            Queue tierQueue = queue(tier.queue(), args.delay(tier.delay(), Topology.EXCHANGE));
            Binding binding = BindingBuilder.bind(tierQueue).to(tierExchange);
            all.addAll(List.of(tierExchange, tierQueue, binding));
        }
        return new Declarables(all);
    }

    private static Queue queue(String name, java.util.Map<String, Object> arguments) {
        return QueueBuilder.durable(name).withArguments(arguments).build();
    }
}
