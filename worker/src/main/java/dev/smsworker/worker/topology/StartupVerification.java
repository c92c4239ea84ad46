package dev.smsworker.worker.topology;

import dev.smsworker.worker.consumer.BrokerProperties;
import org.springframework.amqp.AmqpAuthenticationException;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * Verify mode: checks the topology before the consumers open their connection, so a missing exchange or
 * queue stops the start with {@link PassiveTopologyAdmin}'s message while only Spring-managed connections
 * are open (they close with the context and the JVM exits). While the broker can't be reached it retries
 * within {@code sms.broker.startup-timeout}, then leaves the verdict to the consumers, which report an
 * unreachable broker or a refused login as they always have.
 */
class StartupVerification implements SmartLifecycle {

    private final PassiveTopologyAdmin admin;
    private final BrokerProperties broker;
    private volatile boolean running;

    StartupVerification(PassiveTopologyAdmin admin, BrokerProperties broker) {
        this.admin = admin;
        this.broker = broker;
    }

    @Override
    public void start() {
        Instant deadline = Instant.now().plus(broker.startupTimeout());
        while (true) {
            try {
                admin.initialize();
                break;
            } catch (AmqpAuthenticationException e) {
                break;
            } catch (AmqpConnectException e) {
                if (Instant.now().isAfter(deadline)) {
                    break;
                }
                sleep(Duration.ofSeconds(1));
            }
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the consumers (Integer.MAX_VALUE - 1024). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }
}
