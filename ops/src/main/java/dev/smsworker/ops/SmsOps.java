package dev.smsworker.ops;

import dev.smsworker.ops.canary.CanaryCommand;
import dev.smsworker.ops.connection.ArgumentSecrets;
import dev.smsworker.ops.connection.BrokerErrors;
import dev.smsworker.ops.console.TerminalText;
import dev.smsworker.ops.events.EventsCommand;
import dev.smsworker.ops.failed.FailedCommand;
import dev.smsworker.ops.purge.PurgeCommand;
import dev.smsworker.ops.replay.ReplayCommand;
import dev.smsworker.ops.send.SendCommand;
import dev.smsworker.ops.topology.DoctorCommand;
import dev.smsworker.ops.suppression.SuppressionCommand;
import dev.smsworker.ops.topology.TopologyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;

/** The {@code sms-ops} command line: inspect and replay the failed queue, send test requests, canary checks. */
@Command(name = "sms-ops", mixinStandardHelpOptions = true, version = "sms-ops 0.1.0",
        description = "Operate sms-worker: inspect and replay failed messages, send test requests, watch status events, run canaries, check the broker's topology.",
        subcommands = {SendCommand.class, EventsCommand.class, FailedCommand.class, ReplayCommand.class, PurgeCommand.class, CanaryCommand.class, DoctorCommand.class, TopologyCommand.class, SuppressionCommand.class},
        footer = {"", "Connect with --host --port --vhost --user --password-file --tls --config",
                "or SMS_OPS_* environment variables (see each command's --help).",
                "Exit codes: 0 ok, 1 bug, 2 usage, 3 broker error, 4 not found,",
                "5 replay incomplete, 6 purge declined, 10 canary slow, 11 canary timed out,",
                "12 canary failed, 13 canary result not recorded, 20 doctor found drift."})
public class SmsOps implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(OpsEnvironment.system()).execute(args));
    }

    /** The command line with every command built for {@code environment}; tests call this in-process. */
    public static CommandLine commandLine(OpsEnvironment environment) {
        CommandLine commandLine = new CommandLine(new SmsOps(), new Factory(environment))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((e, args) -> usageError(e, args, environment));
        commandLine.setExecutionExceptionHandler((e, line, parseResult) -> {
            // Broker trouble is an answer, not a bug: one line, no stack trace.
            if (BrokerErrors.isBrokerError(e)) {
                ArgumentSecrets secrets = ArgumentSecrets.of(parseResult.originalArgs().toArray(String[]::new), environment.env());
                line.getErr().println("sms-ops: " + TerminalText.escape(secrets.hide(BrokerErrors.describe(e))));
                return ExitCodes.BROKER;
            }
            throw e;
        });
        return commandLine;
    }

    /**
     * A usage error prints its reason and where to read more, not the whole help: the reason used to
     * sit on the first of 40 lines. Exit {@link ExitCodes#USAGE}.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args, OpsEnvironment environment) {
        CommandLine line = e.getCommandLine();
        PrintWriter err = line.getErr();
        String command = line.getCommandSpec().qualifiedName();
        // picocli's message quotes what it could not parse, a mistyped --password's value included.
        err.println(command + ": " + TerminalText.escape(ArgumentSecrets.of(args, environment.env()).hide(e.getMessage())));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + command + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds commands whose constructor takes the environment; the rest the picocli way. */
    private record Factory(OpsEnvironment environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(OpsEnvironment.class);
                constructor.setAccessible(true);
                return constructor.newInstance(environment);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
