package dev.smsworker.worker.support;

import dev.smsworker.worker.WorkerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/** The real worker application, started in this JVM against a test vhost, with test settings. */
public final class RunningWorker implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningWorker(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the worker; {@code properties} are {@code name=value} pairs that override the defaults. */
    public static RunningWorker start(TestBroker broker, String vhost, String... properties) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.rabbitmq.host=" + broker.host,
                "--spring.rabbitmq.port=" + broker.amqpPort,
                "--spring.rabbitmq.virtual-host=" + vhost,
                "--server.port=0",
                "--spring.profiles.active=plain",
                "--sms.retry.delays=1s,2s,3s",
                "--sms.broker.startup-timeout=10s"));
        for (String property : properties) {
            args.add("--" + property);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(WorkerApplication.class)
                .run(args.toArray(String[]::new));
        return new RunningWorker(context);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
