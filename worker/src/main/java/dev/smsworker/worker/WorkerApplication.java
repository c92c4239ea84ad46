package dev.smsworker.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import sun.misc.Signal;

/** The sms-worker daemon: consumes SMS requests from RabbitMQ and sends them through SMS providers. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(WorkerApplication.class, args);
        exitZeroOnSigterm(context);
    }

    /**
     * The JVM reports SIGTERM as exit status 143 even after a clean shutdown; orchestrators and the
     * chaos suite read that as a crash. We drain through the normal context close and then exit 0.
     */
    private static void exitZeroOnSigterm(ConfigurableApplicationContext context) {
        Signal.handle(new Signal("TERM"), signal -> Thread.ofPlatform().name("sigterm").start(() -> {
            int code = SpringApplication.exit(context);
            System.exit(code);
        }));
    }
}
