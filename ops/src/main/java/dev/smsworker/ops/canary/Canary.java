package dev.smsworker.ops.canary;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.SmsEvent;
import dev.smsworker.contracts.SmsPublisher;
import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.contracts.Topology;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends one canary request through the real path (exchange, lane, worker, provider) and waits for the
 * worker's verdict on {@code sms.events}. The events queue is bound before the publish, so a fast
 * worker's event cannot be missed; it is exclusive and auto-delete, so nothing is left behind.
 */
final class Canary {

    static final Map<String, String> TAGS = Map.of("canary", "true");

    // Events may grow fields: ignore what we do not know.
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Connection connection;
    private final Clock clock;

    Canary(Connection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /**
     * @param timeout also the request's lifetime: a canary stuck in a queue expires rather than reach a phone late
     */
    CanaryOutcome run(Kind kind, String to, Duration timeout) throws IOException, InterruptedException {
        String id = "canary-" + UUID.randomUUID();
        BlockingQueue<SmsEvent> events = listen(id);
        SmsRequest request = new SmsRequest(id, to, "sms-worker canary " + id, null, kind, clock.instant().plus(timeout), TAGS);
        long start = System.nanoTime();
        SmsPublisher.Result published = new SmsPublisher(connection.createChannel()).publish(request, id);
        if (!(published instanceof SmsPublisher.Result.Confirmed)) {
            return new CanaryOutcome.NotPublished(published.toString());
        }
        long deadline = start + timeout.toNanos();
        int retries = 0;
        while (true) {
            SmsEvent event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (event == null) {
                return new CanaryOutcome.TimedOut(timeout, retries);
            }
            switch (event.type()) {
                case SmsEvent.SENT -> {
                    return new CanaryOutcome.Sent(elapsed, event.provider(), event.attempt());
                }
                case SmsEvent.FAILED -> {
                    return new CanaryOutcome.Failed(elapsed, String.valueOf(event.errorClass()), event.errorCode());
                }
                default -> retries++;
            }
        }
    }

    private BlockingQueue<SmsEvent> listen(String messageId) throws IOException {
        BlockingQueue<SmsEvent> mine = new LinkedBlockingQueue<>();
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        for (String type : List.of(SmsEvent.SENT, SmsEvent.RETRYING, SmsEvent.FAILED)) {
            channel.queueBind(queue, Topology.EVENTS_EXCHANGE, type);
        }
        channel.basicConsume(queue, true, (tag, delivery) -> {
            try {
                SmsEvent event = JSON.readValue(delivery.getBody(), SmsEvent.class);
                if (messageId.equals(event.messageId())) {
                    mine.add(event);
                }
            } catch (JacksonException e) {
                // Someone else's malformed event: not ours to judge.
            }
        }, tag -> { });
        return mine;
    }
}
