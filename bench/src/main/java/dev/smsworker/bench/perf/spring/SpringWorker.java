package dev.smsworker.bench.perf.spring;

import dev.smsworker.bench.perf.ReadinessEndpoint;
import jakarta.annotation.PreDestroy;
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
    Readiness readiness(@Value("${server.port}") int port) {
        return new Readiness(port);
    }

    /** Ready once Boot says so: after the listener containers have started their consumers. */
    static final class Readiness {
        private final int port;
        private ReadinessEndpoint endpoint;

        Readiness(int port) {
            this.port = port;
        }

        @EventListener(ApplicationReadyEvent.class)
        synchronized void ready() {
            endpoint = ReadinessEndpoint.start(port);
        }

        @PreDestroy
        synchronized void close() {
            if (endpoint != null) {
                endpoint.close();
            }
        }
    }
}
