package dev.smsworker.worker.support;

import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.WorkerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The real worker application, started in this JVM against a test vhost, with test settings. */
public final class RunningWorker implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningWorker(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the worker; {@code properties} are {@code name=value} pairs that override the defaults. */
    public static RunningWorker start(TestBroker broker, String vhost, String... properties) {
        return start(broker, vhost, null, properties);
    }

    /** As {@link #start(TestBroker, String, String...)}, with the worker's {@link Clock} when not null. */
    public static RunningWorker start(TestBroker broker, String vhost, Clock clock, String... properties) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.rabbitmq.host", broker.host);
        settings.put("spring.rabbitmq.port", String.valueOf(broker.amqpPort));
        settings.put("spring.rabbitmq.virtual-host", vhost);
        settings.put("server.port", "0");
        settings.put("spring.profiles.active", "plain");
        settings.put("sms.retry.delays", "1s,2s,3s");
        settings.put("sms.broker.startup-timeout", "10s");
        // One test's provider failures must not open the breaker for the next test; tests of the breaker set their own.
        settings.put("sms.routing.breaker.sliding-window", "1000");
        settings.put("sms.routing.breaker.minimum-calls", "1000");
        for (String property : properties) {
            int eq = property.indexOf('=');
            settings.put(property.substring(0, eq), property.substring(eq + 1));
        }
        List<String> args = new ArrayList<>();
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        SpringApplicationBuilder application = new SpringApplicationBuilder(WorkerApplication.class);
        if (clock != null) {
            // Before the configuration is read: the worker's own Clock bean is only made when none is there.
            application.initializers(context -> context.getBeanFactory().registerSingleton("clock", clock));
        }
        ConfigurableApplicationContext context = application.run(args.toArray(String[]::new));
        return new RunningWorker(context);
    }

    /** The port of the worker's HTTP server (actuator). */
    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
