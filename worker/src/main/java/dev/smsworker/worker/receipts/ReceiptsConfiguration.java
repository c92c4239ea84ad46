package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.Topology;
import dev.smsworker.worker.dedup.DedupProperties;
import dev.smsworker.worker.failover.DelayedFailover;
import dev.smsworker.worker.guard.Guard;
import dev.smsworker.worker.messaging.ConfirmedPublisher;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.List;

/**
 * Delivery receipts, wired: the records always exist (the pipeline calls {@link DeliveryTracking}, which does
 * nothing while receipts are off); the endpoints, their server and the {@code sms.receipts} consumer only when
 * {@code sms.receipts.enabled=true}.
 */
@Configuration(proxyBeanMethods = false)
class ReceiptsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReceiptsConfiguration.class);

    // The Redis records are AutoCloseable; Spring closes them after the consumers have stopped.
    @Bean
    DeliveryRecords deliveryRecords(ReceiptsProperties properties, DedupProperties dedup, JsonMapper json, Clock clock) {
        return switch (properties.store()) {
            case MEMORY -> new InMemoryDeliveryRecords(properties, clock);
            case REDIS -> new RedisDeliveryRecords(dedup.redis().uri(), dedup.redis().timeout(), properties.redisKeyPrefix(),
                    properties.recordTtl(), json);
        };
    }

    /** Always present: the providers ask it on every send, and it says "none" while receipts are off. */
    @Bean
    ReceiptCallbacks receiptCallbacks(ReceiptsProperties properties) {
        return CallbackUrls.of(properties);
    }

    @Bean
    ReceiptMetrics receiptMetrics(MeterRegistry registry) {
        return new ReceiptMetrics(registry);
    }

    @Bean
    @ConditionalOnProperty(prefix = "sms.receipts", name = "enabled", havingValue = "true")
    ReceiptsServer receiptsServer(ReceiptsProperties properties, ConfirmedPublisher confirmed, JsonMapper json,
                                  ReceiptMetrics metrics, Clock clock) {
        List<ReceiptFormat> formats = List.of(
                new TwilioReceipts(properties.twilio().authToken(), properties.publicUrl()),
                new VonageReceipts(properties.vonage(), json, clock),
                new SinchReceipts(properties.sinch(), json),
                new LinkMobilityReceipts(properties.linkmobility(), json),
                new GatewayReceipts(properties.http().secret(), json));
        warnUnconfigured(properties);
        ReceiptPublisher publisher = new ReceiptPublisher(confirmed, json);
        int maxBody = (int) Math.min(Integer.MAX_VALUE - 1, properties.maxBodySize().toBytes());
        return new ReceiptsServer(properties, formats.stream()
                .map(format -> new ReceiptEndpoint(format, publisher, metrics, clock, maxBody)).toList());
    }

    @Bean
    @ConditionalOnProperty(prefix = "sms.receipts", name = "enabled", havingValue = "true")
    SimpleMessageListenerContainer receiptsListener(ConnectionFactory connectionFactory, ReceiptsProperties properties,
                                                    DeliveryRecords records, ReceiptMetrics metrics, JsonMapper json,
                                                    @Qualifier("eventsRabbitTemplate") RabbitTemplate events,
                                                    DelayedFailover failover, Guard guard) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(Topology.RECEIPTS_QUEUE);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setPrefetchCount(100);
        // The queue is declared with the topology (LaneConsumers start first); a missing one is drift to report,
        // not a reason to stop the worker.
        container.setMissingQueuesFatal(false);
        container.setMessageListener(new ReceiptConsumer(records, new DeliveryEvents(events, json), metrics, json,
                properties.requeueDelay(), failover, guard));
        return container;
    }

    /** Which endpoints will refuse everything for want of a secret: said once at start, not per request. */
    private static void warnUnconfigured(ReceiptsProperties properties) {
        if (blank(properties.twilio().authToken()) || blank(properties.publicUrl())) {
            log.warn("receipts: /receipts/twilio refuses everything until sms.receipts.public-url and the Twilio auth token are set");
        }
        if (blank(properties.vonage().signatureSecret())) {
            log.info("receipts: /receipts/vonage refuses everything until sms.receipts.vonage.signature-secret is set");
        }
        if (!properties.sinch().configured()) {
            log.info("receipts: /receipts/sinch refuses everything until sms.receipts.sinch.username and .password are set");
        }
        if (!properties.linkmobility().configured()) {
            log.info("receipts: /receipts/linkmobility refuses everything until sms.receipts.linkmobility.username and .password are set");
        }
        if (blank(properties.http().secret())) {
            log.info("receipts: /receipts/http refuses everything until sms.receipts.http.secret is set");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
