package dev.smsworker.bench.perf.spring;

import dev.smsworker.bench.perf.ReadinessEndpoint;
import jakarta.annotation.PreDestroy;
import org.springframework.amqp.core.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * The Spring reference for the benchmark (issue 16): the worker a team would write instead of sms-worker, with the
 * project's Spring Boot and its defaults. A {@code @RabbitListener} on {@code sms.send} ({@link SendListener})
 * gets the request as {@code SmsRequest} through Jackson 3, POSTs Twilio's form with the {@code RestClient} that
 * Boot's {@code RestClient.Builder} builds (the request factory Boot detects: with no Apache, Jetty or Reactor
 * HTTP client on the class path, the JDK's {@code HttpClient}, i.e. {@code JdkClientHttpRequestFactory}),
 * publishes a {@code sent} event through {@code RabbitTemplate} with correlated publisher confirms and waits for
 * its confirm, and returns, whereupon the container acks (acknowledge mode AUTO, Boot's default). No validation,
 * dedup, retry, metrics or logging.
 *
 * <p>What a team sets beyond the defaults is below and on the command line: virtual threads (so a 200 ms
 * provider costs no platform thread per consumer), correlated confirms, and the container's
 * {@code spring.rabbitmq.listener.simple.concurrency} and {@code .prefetch}. A simple container's consumer runs
 * one listener call at a time, so the harness gives it as many consumers as sms-worker has sends in flight
 * and splits the same prefetch among them.
 *
 * <p>Run by the benchmark as {@code java -Dloader.main=dev.smsworker.bench.perf.spring.SpringWorker -jar
 * sms-bench.jar --spring.rabbitmq.virtual-host=V --provider=http://127.0.0.1:N/ ... --server.port=M}; answers
 * {@code /actuator/health/readiness} with 200 once its listener consumes, as sms-worker does.
 */
@SpringBootApplication
public class SpringWorker {

    /**
     * The arguments {@link #main} takes, but {@code --server.port}, which {@code WorkerProcess} adds: Boot's
     * properties for the broker and the container ({@code consumers} consumers sharing {@code prefetch}, at least
     * one each), and the fake provider's base URL.
     */
    public static List<String> arguments(String host, int port, String vhost, String providerBaseUrl, int prefetch, int consumers) {
        return List.of(
                "--spring.rabbitmq.host=" + host,
                "--spring.rabbitmq.port=" + port,
                "--spring.rabbitmq.virtual-host=" + vhost,
                "--spring.rabbitmq.listener.simple.concurrency=" + consumers,
                "--spring.rabbitmq.listener.simple.prefetch=" + Math.max(1, prefetch / consumers),
                "--provider=" + providerBaseUrl);
    }

    public static void main(String[] args) {
        new SpringApplicationBuilder(SpringWorker.class)
                .properties(
                        "spring.threads.virtual.enabled=true",
                        // Virtual threads are daemons: Boot's switch that keeps the JVM up on them alone.
                        "spring.main.keep-alive=true",
                        "spring.rabbitmq.publisher-confirm-type=correlated",
                        "spring.main.banner-mode=off")
                .run(args);
    }

    /** Jackson 3 with Boot's {@code JsonMapper}, for the request (the listener parameter's type) and the event. */
    @Bean
    MessageConverter messageConverter(JsonMapper jsonMapper) {
        return new JacksonJsonMessageConverter(jsonMapper);
    }

    @Bean
    RestClient twilio(RestClient.Builder builder, @Value("${provider}") String baseUrl) {
        return builder.baseUrl(baseUrl).build();
    }

    @Bean
    Readiness readiness(@Value("${server.port}") int port, RabbitListenerEndpointRegistry listeners) {
        return new Readiness(port, listeners);
    }

    /**
     * Ready once Boot says so and its listener consumes: at least one listener container, each running with a
     * consumer. Boot's ready event alone is not enough: with no {@code @RabbitListener} found (a stale
     * {@code META-INF/spring.components} on the class path once hid {@link SendListener}) it still came, and the
     * harness drained into a worker with no consumer for 10 minutes. A consumer that is not up at the ready event (its
     * first connection failed and the container retries) is waited for; until one consumes the endpoint stays closed,
     * and the harness fails the start after its timeout, naming the log.
     */
    static final class Readiness {
        private final int port;
        private final RabbitListenerEndpointRegistry listeners;
        private ReadinessEndpoint endpoint;
        private Thread poller;
        private boolean closed;

        Readiness(int port, RabbitListenerEndpointRegistry listeners) {
            this.port = port;
            this.listeners = listeners;
        }

        @EventListener(ApplicationReadyEvent.class)
        synchronized void ready() {
            if (!openIfConsuming()) {
                System.err.println("not ready yet: no listener container consumes (" + listeners.getListenerContainers().size()
                        + " containers); waiting for one");
                poller = Thread.ofPlatform().daemon().name("readiness").start(this::awaitConsumers);
            }
        }

        /** Opens the endpoint once the listener consumes; true when there is nothing left to wait for. */
        private synchronized boolean openIfConsuming() {
            if (!closed && endpoint == null && consuming()) {
                endpoint = ReadinessEndpoint.start(port);
            }
            return closed || endpoint != null;
        }

        private void awaitConsumers() {
            try {
                while (!openIfConsuming()) {
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                // closing
            }
        }

        private boolean consuming() {
            var containers = listeners.getListenerContainers();
            return !containers.isEmpty() && containers.stream().allMatch(Readiness::consumes);
        }

        private static boolean consumes(MessageListenerContainer container) {
            return container.isRunning()
                    && (!(container instanceof SimpleMessageListenerContainer simple) || simple.getActiveConsumerCount() > 0);
        }

        @PreDestroy
        synchronized void close() {
            closed = true;
            if (poller != null) {
                poller.interrupt();
            }
            if (endpoint != null) {
                endpoint.close();
            }
        }
    }
}
