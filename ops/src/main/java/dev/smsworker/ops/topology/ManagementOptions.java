package dev.smsworker.ops.topology;

import dev.smsworker.contracts.topology.ManagementApi;
import dev.smsworker.ops.connection.BrokerSettings;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the management HTTP API is and who reads it. Each falls back to an environment variable, then
 * to the AMQP connection's: {@code http://<host>:15672} ({@code https} with {@code --tls}), its user and password.
 */
public class ManagementOptions {

    @Option(names = "--management-url", paramLabel = "URL",
            description = "Management API (env SMS_OPS_MANAGEMENT_URL; default http://<host>:15672).")
    URI url;

    @Option(names = "--management-user", description = "A user tagged monitoring, e.g. sms-monitoring "
            + "(env SMS_OPS_MANAGEMENT_USER; default the AMQP user).")
    String user;

    @Option(names = "--management-password-file", paramLabel = "PATH", description = "File whose first line is that user's password "
            + "(env SMS_OPS_MANAGEMENT_PASSWORD_FILE or SMS_OPS_MANAGEMENT_PASSWORD; default the AMQP password).")
    Path passwordFile;

    ManagementApi api(BrokerSettings broker, Map<String, String> env) {
        URI base = url != null ? url : env.containsKey("SMS_OPS_MANAGEMENT_URL") ? URI.create(env.get("SMS_OPS_MANAGEMENT_URL"))
                : ManagementApi.defaultUrl(broker.host(), broker.tls());
        String name = user != null ? user : env.getOrDefault("SMS_OPS_MANAGEMENT_USER", broker.user());
        return new ManagementApi(base, broker.vhost(), name, password(broker, env));
    }

    private String password(BrokerSettings broker, Map<String, String> env) {
        Path file = passwordFile != null ? passwordFile
                : env.containsKey("SMS_OPS_MANAGEMENT_PASSWORD_FILE") ? Path.of(env.get("SMS_OPS_MANAGEMENT_PASSWORD_FILE")) : null;
        if (file != null) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                return lines.isEmpty() ? "" : lines.getFirst().strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read password file " + file, e);
            }
        }
        return env.getOrDefault("SMS_OPS_MANAGEMENT_PASSWORD", broker.password());
    }
}
