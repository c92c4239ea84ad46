package dev.smsworker.ops.topology;

import dev.smsworker.contracts.topology.Drift;
import dev.smsworker.contracts.topology.DriftCheck;
import dev.smsworker.contracts.topology.ExpectedTopology;
import dev.smsworker.contracts.topology.ManagementApi;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.OpsEnvironment;
import dev.smsworker.ops.connection.BrokerSettings;
import dev.smsworker.ops.connection.ConnectionOptions;
import dev.smsworker.ops.console.OpsJson;
import dev.smsworker.ops.console.OutputOptions;
import dev.smsworker.ops.console.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sms-ops doctor}: the worker's drift check, for ops. Compares what the broker applies to every
 * exchange and queue of the worker (arguments, policy, operator policy) with what the worker declares,
 * through the management API, and prints each difference.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Compare what the broker applies to the worker's exchanges and queues (arguments, policies, "
                + "operator policies) with what the worker declares, as the worker's drift check does.",
                "Exit 0: no drift; " + ExitCodes.DRIFT + ": drift; 3: the management API could not be read."})
public class DoctorCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ManagementOptions management;

    @Mixin
    TopologyOptions topology;

    @Mixin
    OutputOptions.Json json;

    @Spec
    CommandSpec spec;

    private final OpsEnvironment environment;

    DoctorCommand(OpsEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        BrokerSettings broker = BrokerSettings.resolve(connection.flags(), environment.env());
        ManagementApi api = management.api(broker, environment.env());
        ExpectedTopology expected = topology.expected();
        List<Drift> drifts;
        try {
            drifts = DriftCheck.compare(expected, api.read());
        } catch (ManagementApi.Unavailable e) {
            spec.commandLine().getErr().println("sms-ops: drift check unavailable: " + e.getMessage());
            return ExitCodes.BROKER;
        }
        print(spec.commandLine().getOut(), api, expected, drifts);
        return drifts.isEmpty() ? ExitCodes.OK : ExitCodes.DRIFT;
    }

    private void print(PrintWriter out, ManagementApi api, ExpectedTopology expected, List<Drift> drifts) {
        if (json.asked()) {
            OpsJson.print(out, new Json(drifts.size(), drifts));
            return;
        }
        out.println("topology at " + api + " (" + topology.describe() + ")");
        if (drifts.isEmpty()) {
            out.println("no drift: " + expected.exchanges().size() + " exchanges and " + expected.queues().size()
                    + " queues as the worker declares them");
            out.flush();
            return;
        }
        TextTable table = new TextTable("NAME", "SETTING", "EXPECTED", "ACTUAL", "FROM", "IMPACT");
        drifts.forEach(d -> table.row(d.name(), d.setting(), d.expected(), d.actual(), d.source(),
                d.losesOrDelays() ? "can lose or delay messages" : "warning"));
        table.print(out);
        long serious = drifts.stream().filter(Drift::losesOrDelays).count();
        out.println(drifts.size() + " drift" + (drifts.size() == 1 ? "" : "s") + ", " + serious
                + " of which can lose or delay messages; see the runbook, SmsTopologyDrift");
        out.flush();
    }

    private record Json(int drifts, List<Drift> details) {
    }
}
