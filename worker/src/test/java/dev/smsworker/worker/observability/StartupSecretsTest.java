package dev.smsworker.worker.observability;

import dev.smsworker.worker.WorkerApplication;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A worker that can't start says why without printing a password. Guards the field report: a malformed
 * {@code SPRING_RABBITMQ_ADDRESSES} printed {@code Value: "amqp://user:s3cret@host:5672:bad"} in the
 * start-up failure. Each case starts the real application context, in JSON and in plain logging.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupSecretsTest {

    static final String SECRET = "s3cretPW";

    @ParameterizedTest
    @ValueSource(strings = {
            // Boot's binder: a port that isn't a number.
            "--spring.rabbitmq.addresses=amqp://user:" + SECRET + "@host:5672:bad",
            "--spring.rabbitmq.addresses=amqp://user:" + SECRET + "@host:notaport",
            // Lettuce's URI parser quotes the URI.
            "--sms.dedup.store=redis|--sms.dedup.redis.uri=redis://:" + SECRET + "@bad host:6379",
            "--sms.dedup.store=redis|--sms.dedup.redis.uri=redis//" + SECRET + "@host:6379",
            // A provider URL with credentials that OkHttp can't parse.
            "--sms.providers.generic.url=https://user:" + SECRET + "@bad host/sms|--sms.providers.order=http",
            // The broker unreachable: the client's errors end up in the start-up failure line.
            "--spring.rabbitmq.addresses=amqp://user:" + SECRET + "@127.0.0.1:1",
    })
    void aFailedStartNamesTheProblemButNeverThePassword(String arguments, CapturedOutput output) {
        for (String profile : List.of("default", "plain")) {
            List<String> args = new ArrayList<>(List.of(arguments.split("\\|")));
            args.addAll(List.of("--server.port=0", "--spring.profiles.active=" + profile, "--sms.broker.startup-timeout=1s"));

            assertThatThrownBy(() -> new SpringApplication(WorkerApplication.class).run(args.toArray(String[]::new)))
                    .as(arguments).isNotNull();

            assertThat(output.getAll()).as(profile + ": " + arguments).doesNotContain(SECRET).containsAnyOf(
                    "APPLICATION FAILED TO START", "Application run failed");
        }
    }
}
