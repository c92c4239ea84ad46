package dev.smsworker.worker.feedback;

import com.rabbitmq.client.Channel;
import dev.smsworker.worker.intake.CorrelationIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * Processes {@code sms.feedback}: read the feedback, mark its message converted, count, ack. Every feedback is acked
 * once read, whatever it said (counted, a duplicate, unmatched, malformed, or feedback is off): none of them would read
 * differently next time. Only a store that fails (Redis away) hands it back, after {@code sms.feedback.requeue-delay}.
 *
 * <p>Spring's listener container is fine here, as for receipts: a feedback in flight at shutdown is requeued and
 * applied again, which counts nothing twice.
 */
final class FeedbackConsumer implements ChannelAwareMessageListener {

    private static final Logger log = LoggerFactory.getLogger(FeedbackConsumer.class);

    private final SentMessages records;
    private final FeedbackReader reader = new FeedbackReader();
    private final ConversionMetrics metrics;
    private final Clock clock;
    private final Duration requeueDelay;

    /** {@code records}: null while feedback is off (it is drained, so it never piles up, and counted as disabled). */
    FeedbackConsumer(SentMessages records, ConversionMetrics metrics, Clock clock, Duration requeueDelay) {
        this.records = records;
        this.metrics = metrics;
        this.clock = clock;
        this.requeueDelay = requeueDelay;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws IOException, InterruptedException {
        long tag = message.getMessageProperties().getDeliveryTag();
        if (records == null) {
            metrics.result("disabled");
            channel.basicAck(tag, false);
            return;
        }
        switch (reader.read(message.getBody(), clock.instant())) {
            case FeedbackReader.Read.Malformed malformed -> {
                // The reason only: the body is the publisher's and may hold anything.
                log.warn("malformed conversion feedback acked and dropped: {}", malformed.reason());
                metrics.result("malformed");
            }
            case FeedbackReader.Read.Valid valid -> {
                Conversion conversion;
                try {
                    conversion = records.convert(valid.messageId());
                } catch (RuntimeException e) {
                    log.warn("conversion feedback not matched ({}); handing it back", e.getClass().getSimpleName());
                    Thread.sleep(requeueDelay);
                    channel.basicNack(tag, false, true);
                    return;
                }
                report(valid, conversion, CorrelationIds.find(message.getMessageProperties()).orElse("none"));
            }
        }
        channel.basicAck(tag, false);
    }

    private void report(FeedbackReader.Read.Valid feedback, Conversion conversion, String correlationId) {
        switch (conversion) {
            case Conversion.Counted counted -> {
                metrics.counted(counted.sent(), Duration.between(counted.sent().sentAt(), feedback.verifiedAt()));
                MDC.put("messageId", feedback.messageId());
                MDC.put("correlationId", correlationId);
                MDC.put("provider", counted.sent().provider());
                try {
                    log.info("sms code used: {} {} sent by {}", counted.sent().kind().wireName(), counted.sent().country(),
                            counted.sent().provider());
                } finally {
                    MDC.remove("messageId");
                    MDC.remove("correlationId");
                    MDC.remove("provider");
                }
            }
            case Conversion.Duplicate ignored -> metrics.result("duplicate");
            case Conversion.Unmatched ignored -> metrics.unmatched();
        }
    }
}
