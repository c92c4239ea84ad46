package dev.smsworker.ops.connection;

import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.support.Cli;
import dev.smsworker.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way sms-ops can fail to parse its flags or to log in, and none prints the password it was given. */
class PasswordNeverPrintedIT {

    static final String SECRET = "s3cretPW-9";
    static final TestBroker broker = TestBroker.get();
    String vhost;
    Cli cli;

    @BeforeEach
    void start() {
        vhost = broker.createVhost("secrets");
        cli = new Cli(broker, vhost);
    }

    @AfterEach
    void stop() {
        broker.deleteVhost(vhost);
    }

    @Test
    void mistypedOrMisplacedPasswordFlagsAreRefusedWithoutEchoingThePassword(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("ops.properties"), "password=" + SECRET + "\nport=notaport\n");
        List<Cli.Run> runs = List.of(
                cli.runExactly("failed", "summary", "--pasword=" + SECRET),
                cli.runExactly("failed", "summary", "--passwd", SECRET),
                // Before the subcommand: picocli takes the value for an unmatched argument and quotes it.
                cli.runExactly("--password", SECRET, "failed", "summary"),
                cli.runExactly("replay", "--password", SECRET, SECRET),
                cli.runExactly("failed", "show", "--password=" + SECRET),
                cli.withEnv(Map.of("SMS_OPS_PASSWORD", SECRET)).runExactly("purge", "--yes", "--all", SECRET));

        for (Cli.Run run : runs) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.out() + run.err()).doesNotContain(SECRET);
        }
        Cli.Run badConfig = cli.runExactly("failed", "summary", "--config", config.toString());
        assertThat(badConfig.out() + badConfig.err()).doesNotContain(SECRET);
    }

    @Test
    void aRefusedLoginSaysSoWithoutThePassword() {
        Cli.Run run = cli.run("failed", "summary", "--user", "nobody-" + vhost, "--password", SECRET);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BROKER);
        assertThat(run.err()).contains("login refused").doesNotContain(SECRET);
    }
}
