package dev.smsworker.ops.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerSettingsTest {

    @Test
    void defaultsSuitALocalBroker() {
        assertThat(BrokerSettings.resolve(ConnectionOptions.Flags.none(), Map.of()))
                .isEqualTo(new BrokerSettings("127.0.0.1", 5672, "/", "guest", "guest", false));
    }

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheConfigFile(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("ops.properties"), "host=from-file\nport=1111\nvhost=file-vhost\nuser=file-user\ntls=true\n");
        Map<String, String> env = Map.of("SMS_OPS_CONFIG", config.toString(), "SMS_OPS_HOST", "from-env", "SMS_OPS_USER", "env-user");
        ConnectionOptions.Flags flags = new ConnectionOptions.Flags(null, null, null, "flag-user", null, null, null, null);

        BrokerSettings settings = BrokerSettings.resolve(flags, env);

        assertThat(settings).isEqualTo(new BrokerSettings("from-env", 1111, "file-vhost", "flag-user", "guest", true));
    }

    @Test
    void tlsChangesTheDefaultPortAndAPasswordFileBeatsAPasswordOfTheSameSource(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "s3cret\nignored\n");
        Map<String, String> env = Map.of("SMS_OPS_TLS", "true", "SMS_OPS_PASSWORD", "plain", "SMS_OPS_PASSWORD_FILE", secret.toString());

        BrokerSettings settings = BrokerSettings.resolve(ConnectionOptions.Flags.none(), env);

        assertThat(settings.port()).isEqualTo(5671);
        assertThat(settings.password()).isEqualTo("s3cret");
        assertThat(settings.toString()).isEqualTo("amqps://guest@127.0.0.1:5671//").doesNotContain("s3cret");
    }

    @Test
    void aPasswordFlagBeatsAPasswordFileFromTheEnvironment(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "from-file");
        ConnectionOptions.Flags flags = new ConnectionOptions.Flags(null, null, null, null, "from-flag", null, null, null);

        assertThat(BrokerSettings.resolve(flags, Map.of("SMS_OPS_PASSWORD_FILE", secret.toString())).password()).isEqualTo("from-flag");
    }
}
