package dev.smsworker.ops.connection;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Resolved connection settings. Each comes from the first source that has it: a flag, an environment
 * variable ({@code SMS_OPS_HOST}, {@code _PORT}, {@code _VHOST}, {@code _USER}, {@code _PASSWORD},
 * {@code _PASSWORD_FILE}, {@code _TLS}), the config file ({@code --config} or {@code SMS_OPS_CONFIG}),
 * then the default. A password file beats a plain password from the same source.
 */
public record BrokerSettings(String host, int port, String vhost, String user, String password, boolean tls) {

    public static final String ENV_PREFIX = "SMS_OPS_";

    public static BrokerSettings resolve(ConnectionOptions.Flags flags, Map<String, String> env) {
        Properties file = load(flags.config() != null ? flags.config() : pathOrNull(env.get(ENV_PREFIX + "CONFIG")));
        List<Function<String, String>> sources = List.of(
                name -> flag(flags, name),
                name -> env.get(ENV_PREFIX + name.toUpperCase().replace('-', '_')),
                file::getProperty);
        boolean tls = Boolean.parseBoolean(first(sources, "tls", "false"));
        return new BrokerSettings(
                first(sources, "host", "127.0.0.1"),
                Integer.parseInt(first(sources, "port", tls ? "5671" : "5672")),
                first(sources, "vhost", "/"),
                first(sources, "user", "guest"),
                password(sources),
                tls);
    }

    private static String password(List<Function<String, String>> sources) {
        for (Function<String, String> source : sources) {
            String file = source.apply("password-file");
            if (file != null) {
                return readFirstLine(Path.of(file));
            }
            String password = source.apply("password");
            if (password != null) {
                return password;
            }
        }
        return "guest";
    }

    private static String first(List<Function<String, String>> sources, String name, String fallback) {
        for (Function<String, String> source : sources) {
            String value = source.apply(name);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return fallback;
    }

    private static String flag(ConnectionOptions.Flags flags, String name) {
        Object value = switch (name) {
            case "host" -> flags.host();
            case "port" -> flags.port();
            case "vhost" -> flags.vhost();
            case "user" -> flags.user();
            case "password" -> flags.password();
            case "password-file" -> flags.passwordFile();
            case "tls" -> flags.tls();
            default -> null;
        };
        return value == null ? null : value.toString();
    }

    private static Properties load(Path path) {
        Properties properties = new Properties();
        if (path != null) {
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read config file " + path, e);
            }
        }
        return properties;
    }

    private static String readFirstLine(Path path) {
        try {
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.getFirst().strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read password file " + path, e);
        }
    }

    private static Path pathOrNull(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** For messages and logs: never the password. */
    @Override
    public String toString() {
        return (tls ? "amqps://" : "amqp://") + user + "@" + host + ":" + port + "/" + vhost;
    }
}
