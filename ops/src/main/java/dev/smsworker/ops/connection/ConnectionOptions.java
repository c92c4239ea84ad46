package dev.smsworker.ops.connection;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where the broker is and who we are, as flags. Every flag is optional: {@link BrokerSettings#resolve}
 * falls back to {@code SMS_OPS_*} environment variables, then the {@code --config} file, then defaults.
 */
public class ConnectionOptions {

    @Option(names = "--host", description = "Broker host (env SMS_OPS_HOST; default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "AMQP port (env SMS_OPS_PORT; default 5672, 5671 with --tls).")
    Integer port;

    @Option(names = "--vhost", description = "Virtual host (env SMS_OPS_VHOST; default /).")
    String vhost;

    @Option(names = "--user", description = "User name (env SMS_OPS_USER; default guest).")
    String user;

    @Option(names = "--password", description = "Password; visible to other local users in the process list, "
            + "prefer --password-file or SMS_OPS_PASSWORD (default guest).")
    String password;

    @Option(names = "--password-file", description = "File whose first line is the password (env SMS_OPS_PASSWORD_FILE).")
    Path passwordFile;

    @Option(names = "--tls", negatable = true, description = "Use TLS, verifying the broker's certificate and host name "
            + "against the JVM's trust store (env SMS_OPS_TLS=true).")
    Boolean tls;

    @Option(names = "--config", description = "Properties file with host, port, vhost, user, password-file, password, tls "
            + "(env SMS_OPS_CONFIG).")
    Path config;

    /** Flags as given; null where absent. */
    public Flags flags() {
        return new Flags(host, port, vhost, user, password, passwordFile, tls, config);
    }

    /** The flags a user gave, null where absent. */
    public record Flags(String host, Integer port, String vhost, String user, String password, Path passwordFile,
                        Boolean tls, Path config) {

        public static Flags none() {
            return new Flags(null, null, null, null, null, null, null, null);
        }
    }
}
