package dev.smsworker.worker.recovery;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.smsworker.contracts.Topology;
import dev.smsworker.worker.intake.RequestReader;
import dev.smsworker.worker.retry.RetryProperties;
import dev.smsworker.worker.routing.ProviderOutages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

/**
 * {@code sms.recovery.auto-replay=true}: when a provider's breaker closes again after an outage, the
 * messages that ended EXHAUSTED during that outage (with that provider among those tried) and are still
 * valid go back to work, one bounded pass over {@code sms.failed} at a time on a thread of its own
 * ({@link FailedQueuePass}). Reported as a log line and {@code sms_auto_replayed_total{provider}}.
 */
@Component
class AutoReplay implements ProviderOutages.RecoveryListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AutoReplay.class);

    private final CachingConnectionFactory connections;
    private final RequestReader reader;
    private final Clock clock;
    private final RecoveryProperties properties;
    private final RetryProperties retry;
    private final MeterRegistry meters;
    private final ExecutorService passes = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("sms-auto-replay").factory());

    AutoReplay(CachingConnectionFactory connections, RequestReader reader, Clock clock, RecoveryProperties properties,
               RetryProperties retry, MeterRegistry meters, ProviderOutages outages) {
        this.connections = connections;
        this.reader = reader;
        this.clock = clock;
        this.properties = properties;
        this.retry = retry;
        this.meters = meters;
        if (properties.autoReplay()) {
            outages.addListener(this);
        }
    }

    @Override
    public void recovered(String provider, Instant since, Instant recoveredAt) {
        passes.execute(() -> replay(new ReplayCandidate.Outage(provider, since, recoveredAt)));
    }

    private void replay(ReplayCandidate.Outage outage) {
        ConnectionFactory factory = connections.getRabbitConnectionFactory().clone();
        factory.setAutomaticRecoveryEnabled(false);
        factory.setMaxInboundMessageBodySize(Topology.MAX_MESSAGE_BYTES);
        try (Connection connection = factory.newConnection("sms-worker-auto-replay");
             Channel channel = connection.createChannel()) {
            FailedQueuePass.Result result = new FailedQueuePass(channel, reader, clock, properties, retry.otpDefaultValidity())
                    .run(outage);
            Counter.builder("sms.auto.replayed").description("Messages replayed from sms.failed after a provider's outage")
                    .tag("provider", outage.provider()).register(meters).increment(result.replayed());
            log.info("auto-replay after {}'s outage ({} to {}): replayed {} of {} read from {}; kept {}", outage.provider(),
                    outage.since(), outage.until(), result.replayed(), result.read(), Topology.FAILED_QUEUE, result.kept());
        } catch (IOException | TimeoutException | RuntimeException e) {
            log.warn("auto-replay after {}'s outage stopped: {}; what it did not replay stays in {} for sms-ops replay",
                    outage.provider(), e.toString(), Topology.FAILED_QUEUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() {
        passes.shutdownNow();
    }
}
