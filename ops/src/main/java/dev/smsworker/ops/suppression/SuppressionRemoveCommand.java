package dev.smsworker.ops.suppression;

import dev.smsworker.contracts.PhoneMask;
import dev.smsworker.contracts.SuppressedNumber;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.OpsEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code sms-ops suppression remove +4791234567}: the next message to the number goes to a provider again. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Lift a number's suppression (e.g. it texted START). Redis URI from SMS_OPS_REDIS_URI.")
public class SuppressionRemoveCommand implements Callable<Integer> {

    @Mixin
    RedisOptions redis;

    @Parameters(paramLabel = "NUMBER", description = "The number in E.164, +4791234567.")
    String number;

    @Spec
    CommandSpec spec;

    private final OpsEnvironment environment;

    SuppressionRemoveCommand(OpsEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (!number.matches("\\+[1-9]\\d{6,14}")) {
            throw new ParameterException(spec.commandLine(), "NUMBER must be E.164: + and 7 to 15 digits");
        }
        return redis.run(environment, spec, commands -> {
            long removed = commands.del(redis.keyPrefix + SuppressedNumber.key(number));
            PrintWriter out = spec.commandLine().getOut();
            out.println(PhoneMask.mask(number) + (removed > 0 ? ": suppression lifted" : ": not suppressed"));
            out.flush();
            return removed > 0 ? ExitCodes.OK : ExitCodes.NOT_FOUND;
        });
    }
}
