package dev.smsworker.ops.failed;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sms-ops failed}: read the failed queue without changing it. */
@Command(name = "failed", mixinStandardHelpOptions = true,
        description = "Inspect sms.failed without changing it: every message stays, in its order.",
        subcommands = {SummaryCommand.class, ListCommand.class, ShowCommand.class})
public class FailedCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
