package dev.smsworker.ops.suppression;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sms-ops suppression}: the numbers the worker's guard learned not to send to. */
@Command(name = "suppression", mixinStandardHelpOptions = true,
        description = {"Inspect and lift the worker's learned suppressions.",
                "Numbers a provider said opted out, are landlines or are invalid, which the worker refuses as",
                "REFUSED suppressed. Needs the guard's Redis (sms.routing.rate-limits.store=redis); a worker on",
                "the memory store keeps them to itself."},
        subcommands = {SuppressionListCommand.class, SuppressionRemoveCommand.class})
public class SuppressionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
