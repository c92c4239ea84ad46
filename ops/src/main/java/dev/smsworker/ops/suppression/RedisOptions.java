package dev.smsworker.ops.suppression;

import dev.smsworker.contracts.SuppressedNumber;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.OpsEnvironment;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.time.Duration;
import java.util.function.ToIntFunction;

/** Where the guard's Redis is: the URI from the environment, since it may hold a password, and never printed. */
public class RedisOptions {

    static final String URI_VARIABLE = "SMS_OPS_REDIS_URI";

    @Option(names = "--key-prefix", paramLabel = "PREFIX",
            description = "The workers' sms.guard.key-prefix (default: ${DEFAULT-VALUE}).")
    String keyPrefix = SuppressedNumber.DEFAULT_KEY_PREFIX;

    /**
     * Runs {@code work} on a connection and returns its exit code; Redis unreachable is one line on stderr and
     * {@link ExitCodes#SOFTWARE}, a missing or wrong URI a usage error.
     */
    int run(OpsEnvironment environment, CommandSpec spec, ToIntFunction<RedisCommands<String, String>> work) {
        RedisClient client = RedisClient.create(uri(environment, spec));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return work.applyAsInt(connection.sync());
        } catch (RedisException e) {
            spec.commandLine().getErr().println("sms-ops: Redis not reachable (" + e.getClass().getSimpleName() + ")");
            return ExitCodes.SOFTWARE;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static RedisURI uri(OpsEnvironment environment, CommandSpec spec) {
        String uri = environment.env().get(URI_VARIABLE);
        if (uri == null || uri.isBlank()) {
            throw new ParameterException(spec.commandLine(), URI_VARIABLE
                    + " is not set: the guard's Redis, e.g. redis://:password@redis:6379 (the workers' sms.routing.rate-limits.redis.uri or sms.dedup.redis.uri)");
        }
        try {
            RedisURI parsed = RedisURI.create(uri);
            parsed.setTimeout(Duration.ofSeconds(5));
            return parsed;
        } catch (RuntimeException e) {
            // Lettuce's message quotes the URI, password included.
            throw new ParameterException(spec.commandLine(), URI_VARIABLE + " is not a Redis URI (" + e.getClass().getSimpleName() + ")");
        }
    }
}
