package dev.smsworker.worker;

import dev.smsworker.worker.aot.AotTraining;
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
        ConfigurableApplicationContext context;
        try {
            SpringApplication application = new SpringApplication(WorkerApplication.class);
            AotTraining.configure(application);
            context = application.run(args);
        } catch (SpringApplication.AbandonedRunException e) {
            throw e; // AOT processing stops the run on purpose
        } catch (RuntimeException | Error e) {
            exitAfterFailedStart();
            return;
        }
        exitZeroOnSigterm(context);
    }

    /**
     * Boot has logged why the start failed and closed the context, but non-daemon pool threads can outlive
     * it: Spring AMQP's CachingConnectionFactory shuts its channel executor down only after a context
     * <em>close event</em>, which a failed refresh never publishes, so its idle threads kept the JVM up for
     * their 60 s keep-alive, and Kubernetes waited that long to restart the pod.
     */
    private static void exitAfterFailedStart() {
        System.exit(1);
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
