package dev.smsworker.worker.aot;

import dev.smsworker.contracts.topology.ManagementApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The start that writes the JDK's AOT cache ({@code -XX:AOTCacheOutput}, JEP 483 and 515), run with
 * {@code -Dsms.aot.training-messages=N} by {@code bin/sms-worker} and the benchmark: the worker starts as usual, then
 * sends itself {@code N} requests through the real pipeline, broker and HTTP client, and stops. The cache then holds
 * the classes and the method profiles of the message path, not only of the start, so later starts compile the hot
 * path sooner: with 20,000 requests, over a short drain from a cold JVM 11-30% less CPU per message and 9-13% more
 * messages a second, starts 0.4 s shorter on average; 10,000 made drains slower (docs/performance.md, "2026-11-30
 * late").
 *
 * <p>Nothing of it can reach anyone: the traffic runs in a virtual host of its own, made and removed through the
 * management API ({@link TrainingVhost}), to a stand-in for Twilio on 127.0.0.1 ({@link TrainingProvider}), with the
 * in-memory stores (never Redis) and no receipts, feedback or span export, whatever the environment says. Without a
 * management API it may use (no plugin, no administrator), the start stops once the context is refreshed, as
 * {@code spring.context.exit=onRefresh} does, and the cache holds the start alone.
 */
public final class AotTraining {

    /** The system property that asks for a training start: how many requests to send. */
    public static final String MESSAGES_PROPERTY = "sms.aot.training-messages";

    private static final Logger log = LoggerFactory.getLogger(AotTraining.class);
    /** A bound for a broken training, not a measure: 20,000 requests took 10-20 s on a quiet 2-core machine. */
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    /** No request reached the provider for this long: the rest are stuck (a paused lane, say); stop with what ran. */
    private static final Duration STALLED = Duration.ofSeconds(15);

    private final int messages;

    private AotTraining(int messages) {
        this.messages = messages;
    }

    /**
     * Makes {@code application} a training start when {@value #MESSAGES_PROPERTY} is set: with traffic when it is above
     * 0, else one that stops once started (never a worker that runs on: a training start must end by itself).
     */
    public static void configure(SpringApplication application) {
        String asked = System.getProperty(MESSAGES_PROPERTY);
        if (asked == null) {
            return;
        }
        int messages;
        try {
            messages = Integer.parseInt(asked.strip());
        } catch (NumberFormatException e) {
            messages = 0;
        }
        if (messages > 0) {
            application.addInitializers(new AotTraining(messages)::prepare);
        } else {
            application.addInitializers(context -> startOnly(MESSAGES_PROPERTY + " is " + asked));
        }
    }

    private void prepare(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        TrainingProvider provider;
        TrainingVhost vhost;
        try {
            provider = TrainingProvider.start();
        } catch (IOException e) {
            startOnly("no loopback port for the stand-in provider (" + e.getClass().getSimpleName() + ")");
            return;
        }
        try {
            vhost = TrainingVhost.create(managementApi(environment),
                    environment.getProperty("spring.rabbitmq.username", "guest"),
                    environment.getProperty("spring.rabbitmq.password", "guest"));
        } catch (TrainingVhost.Refused refused) {
            provider.close();
            startOnly(refused.getMessage());
            return;
        }
        // A start that fails still exits through System.exit: the vhost goes with it.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(vhost::delete));
        environment.getPropertySources().addFirst(new MapPropertySource("aot-training", overrides(vhost, provider)));
        context.addApplicationListener(new Run(provider, vhost, messages));
        log.info("AOT training start: {} requests in vhost {} to a stand-in provider on {}", messages, vhost.name(), provider.baseUrl());
    }

    /**
     * Where the vhost is made: {@code sms.topology.management.url}, else port 15672 of {@code spring.rabbitmq.host}. With
     * {@code spring.rabbitmq.addresses} and no URL nothing is guessed (the drift check's rule, {@code ManagementTarget}):
     * the host property is then left at its default, and guessing from it made a vhost on whatever broker ran on
     * localhost (issue 11's mistake).
     *
     * @throws TrainingVhost.Refused when addresses are given without the management API's URL
     */
    static URI managementApi(ConfigurableEnvironment environment) throws TrainingVhost.Refused {
        String configured = environment.getProperty("sms.topology.management.url");
        if (configured != null && !configured.isBlank()) {
            return URI.create(configured);
        }
        String addresses = environment.getProperty("spring.rabbitmq.addresses");
        if (addresses != null && !addresses.isBlank()) {
            throw new TrainingVhost.Refused("spring.rabbitmq.addresses is set and sms.topology.management.url is not");
        }
        return ManagementApi.defaultUrl(environment.getProperty("spring.rabbitmq.host", "127.0.0.1"), false);
    }

    private static Map<String, Object> overrides(TrainingVhost vhost, TrainingProvider provider) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("spring.rabbitmq.virtual-host", vhost.name());
        overrides.put("server.port", "0");
        overrides.put("server.address", "127.0.0.1");
        overrides.put("sms.topology.mode", "declare");
        overrides.put("sms.providers.order", "twilio");
        overrides.put("sms.providers.twilio.base-url", provider.baseUrl());
        overrides.put("sms.providers.twilio.account-sid", "AC00000000000000000000000000000000");
        overrides.put("sms.providers.twilio.auth-token", "aot-training");
        overrides.put("sms.providers.twilio.from", "+15005550006");
        overrides.put("sms.dedup.store", "memory");
        overrides.put("sms.routing.rate-limits.store", "memory");
        overrides.put("sms.receipts.enabled", "false");
        overrides.put("sms.feedback.enabled", "false");
        overrides.put("management.tracing.export.enabled", "false");
        return overrides;
    }

    private static void startOnly(String reason) {
        log.info("AOT training start without messages: {}; the cache will hold the start only", reason);
        // Read by Spring's lifecycle processor when the context refreshes: it stops the JVM there.
        System.setProperty("spring.context.exit", "onRefresh");
    }

    /** Once the worker is ready: the traffic, then a normal stop, then the vhost's removal. */
    private record Run(TrainingProvider provider, TrainingVhost vhost, int messages) implements ApplicationListener<ApplicationReadyEvent> {

        @Override
        public void onApplicationEvent(ApplicationReadyEvent event) {
            ConfigurableApplicationContext context = event.getApplicationContext();
            Thread.ofPlatform().name("aot-training").start(() -> {
                long started = System.nanoTime();
                try {
                    ConnectionFactory connections = context.getBean(ConnectionFactory.class);
                    TrainingTraffic.publish(((AbstractConnectionFactory) connections).getRabbitConnectionFactory(), messages);
                    awaitCalls();
                    log.info("AOT training: {} of {} requests reached the stand-in provider in {} ms", provider.calls(), messages,
                            (System.nanoTime() - started) / 1_000_000);
                    TrainingProbes.call(context.getEnvironment());
                } catch (Exception e) {
                    log.warn("AOT training traffic stopped early ({}); the cache holds what ran", e.getClass().getSimpleName());
                }
                int code = SpringApplication.exit(context);
                boolean removed = vhost.delete();
                provider.close();
                log.info("AOT training start done; vhost {} {}", vhost.name(), removed ? "removed" : "NOT removed: delete it by hand");
                System.exit(code);
            });
        }

        /** Until every request reached the provider, or none did for {@link #STALLED}, or {@link #DEADLINE}. */
        private void awaitCalls() throws InterruptedException {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            long seen = -1;
            long progressed = System.nanoTime();
            while (provider.calls() < messages && System.nanoTime() < deadline
                    && System.nanoTime() - progressed < STALLED.toNanos()) {
                long calls = provider.calls();
                if (calls != seen) {
                    seen = calls;
                    progressed = System.nanoTime();
                }
                Thread.sleep(100);
            }
        }
    }
}
