package dev.smsworker.ops.failed;

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

/** {@code sms-ops failed summary}: counts per error class, code, provider and kind. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Count failed messages per error class, error code, provider and kind, with the oldest and newest sms-failed-at.")
class SummaryCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    FilterOptions filters;

    @Mixin
    OutputOptions.Json json;

    @Mixin
    OutputOptions.Progress progress;

    @Spec
    CommandSpec spec;

    private final OpsEnvironment environment;

    SummaryCommand(OpsEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        MessageFilter filter = filters.toFilter(environment.clock().instant());
        FailedSummary summary = new FailedSummary();
        int[] scanned = {0};
        PrintWriter err = spec.commandLine().getErr();
        int deliveries = FailedQueueBrowser.browse(BrokerSettings.resolve(connection.flags(), environment.env()), "failed summary",
                progress.bar(err, environment.interactive(), "reading sms.failed"), message -> {
                    scanned[0]++;
                    if (filter.matches(message)) {
                        summary.add(message);
                    }
                });
        print(spec.commandLine().getOut(), summary, scanned[0]);
        DeliveryCountWarning.warnIfHigh(err, deliveries);
        return ExitCodes.OK;
    }

    private void print(PrintWriter out, FailedSummary summary, int scanned) {
        if (json.asked()) {
            OpsJson.print(out, new Json(summary.total(), scanned, summary.maybeDelivered(), summary.groups()));
            return;
        }
        TextTable table = new TextTable("ERROR CLASS", "CODE", "PROVIDER", "KIND", "COUNT", "MAYBE DELIVERED", "OLDEST", "NEWEST");
        summary.groups().forEach(group -> table.row(group.errorClass(), group.errorCode(), group.provider(), group.kind(),
                group.count(), group.maybeDelivered(), group.oldest(), group.newest()));
        if (!table.isEmpty()) {
            table.print(out);
        }
        out.println(summary.total() + " of " + scanned + " messages in sms.failed" + (summary.total() == scanned ? "" : " match the filters"));
        if (summary.maybeDelivered() > 0) {
            out.println(summary.maybeDelivered() + " may have reached the handset already (sms-maybe-delivered); "
                    + "replay skips them unless --include-maybe-delivered");
        }
        out.flush();
    }

    private record Json(int matched, int scanned, int maybeDelivered, List<FailedSummary.Group> groups) {
    }
}
