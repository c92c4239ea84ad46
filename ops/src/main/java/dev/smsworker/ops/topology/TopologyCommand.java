package dev.smsworker.ops.topology;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sms-ops topology}: the deploy step of {@code sms.topology.mode=verify}. */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Manage the worker's exchanges, queues and bindings (for workers in sms.topology.mode=verify).",
        subcommands = ApplyCommand.class)
public class TopologyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
