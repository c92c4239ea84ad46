package dev.smsworker.worker.feedback;

import dev.smsworker.contracts.Topology;
import dev.smsworker.worker.dedup.DedupProperties;
import dev.smsworker.worker.outcome.OutcomeListener;
import dev.smsworker.worker.receipts.ReceiptsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import java.time.Clock;

/**
 * Conversion feedback, wired. The {@code sms.feedback} consumer always runs, so feedback never piles up in the queue
 * (while {@code sms.feedback.enabled} is false it is acked and counted as {@code disabled}); the record of sent
 * messages and the listener that fills it exist only when it is true.
 */
@Configuration(proxyBeanMethods = false)
class FeedbackConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FeedbackConfiguration.class);

    @Bean
    ConversionMetrics conversionMetrics(MeterRegistry registry) {
        return new ConversionMetrics(registry);
    }

    // The Redis record is AutoCloseable; Spring closes it after the consumer has stopped.
    @Bean
    @ConditionalOnProperty(prefix = "sms.feedback", name = "enabled", havingValue = "true")
    SentMessages sentMessages(FeedbackProperties properties, DedupProperties dedup, ReceiptsProperties receipts) {
        FeedbackProperties.Store store = store(properties, dedup, receipts);
        log.info("conversion feedback on: records in {} for {}", store.name().toLowerCase(java.util.Locale.ROOT),
                properties.recordTtl());
        return switch (store) {
            case MEMORY -> new CaffeineSentMessages(properties.recordTtl(), properties.maxRecords());
            case REDIS -> new RedisSentMessages(dedup.redis().uri(), dedup.redis().timeout(), properties.redisKeyPrefix(),
                    properties.recordTtl());
        };
    }

    /** After the log line and the metrics (1, 2), before the status event (3): feedback can't come before the SMS. */
    @Bean
    @Order(2)
    @ConditionalOnProperty(prefix = "sms.feedback", name = "enabled", havingValue = "true")
    OutcomeListener conversionRecorder(SentMessages records, Clock clock) {
        return new SendRecorder(records, clock);
    }

    @Bean
    SimpleMessageListenerContainer feedbackListener(ConnectionFactory connectionFactory, FeedbackProperties properties,
                                                    ObjectProvider<SentMessages> records, ConversionMetrics metrics, Clock clock) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(Topology.FEEDBACK_QUEUE);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setPrefetchCount(100);
        // Declared with the topology; a missing queue is drift to report, not a reason to stop the worker.
        container.setMissingQueuesFatal(false);
        container.setMessageListener(new FeedbackConsumer(records.getIfAvailable(), metrics, clock, properties.requeueDelay()));
        return container;
    }

    /** Unset: Redis where the worker already keeps its shared records there, so every worker sees every send. */
    static FeedbackProperties.Store store(FeedbackProperties properties, DedupProperties dedup, ReceiptsProperties receipts) {
        if (properties.store() != null) {
            return properties.store();
        }
        return dedup.store() == DedupProperties.Store.REDIS || receipts.store() == ReceiptsProperties.Store.REDIS
                ? FeedbackProperties.Store.REDIS : FeedbackProperties.Store.MEMORY;
    }
}
