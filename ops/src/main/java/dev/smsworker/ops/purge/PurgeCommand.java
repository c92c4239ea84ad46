package dev.smsworker.ops.purge;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.OpsEnvironment;
import dev.smsworker.ops.connection.BrokerConnections;
import dev.smsworker.ops.connection.BrokerSettings;
import dev.smsworker.ops.connection.ConnectionOptions;
import dev.smsworker.ops.console.OpsJson;
import dev.smsworker.ops.console.OutputOptions;
import dev.smsworker.ops.console.TextTable;
import dev.smsworker.ops.failed.FailedQueueScan;
import dev.smsworker.ops.failed.FailedSummary;
import dev.smsworker.ops.failed.FilterOptions;
import dev.smsworker.ops.failed.MessageFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sms-ops purge}: delete failed messages for good. */
@Command(name = "purge", mixinStandardHelpOptions = true, resourceBundle = OutputOptions.WORDINGS,
        description = {"Delete matching messages from sms.failed for good, after showing what matched and asking.",
                "",
                "The rest stay in their order. Without a terminal, --yes (or --dry-run) is required.",
                ""})
public class PurgeCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    FilterOptions filters;

    @Mixin
    OutputOptions.Limit limit;

    @Option(names = "--yes", description = "Do not ask: for scripts.")
    boolean yes;

    @Option(names = "--dry-run", description = "Show what would be deleted; delete nothing.")
    boolean dryRun;

    @Option(names = "--all", description = "Required to purge without any filter: deletes every failed message.")
    boolean all;

    @Mixin
    OutputOptions.Json json;

    @Spec
    CommandSpec spec;

    private final OpsEnvironment environment;

    PurgeCommand(OpsEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        MessageFilter filter = filters.toFilter(environment.clock().instant());
        if (filter.isEverything() && !all) {
            throw new ParameterException(spec.commandLine(), "purge without a filter deletes every failed message: add --all to mean it");
        }
        if (!yes && !dryRun && !environment.interactive()) {
            throw new ParameterException(spec.commandLine(), "not on a terminal, so no one can confirm: add --yes (or --dry-run)");
        }
        PrintWriter out = spec.commandLine().getOut();
        Purger.Result result;
        int left;
        try (Connection connection = BrokerConnections.open(BrokerSettings.resolve(this.connection.flags(), environment.env()), "purge")) {
            // Closed before counting: its acks are applied (see FailedQueueScan) and what it kept is ready again.
            try (Channel channel = connection.createChannel()) {
                result = Purger.purge(channel, filter, limit.orElse(Integer.MAX_VALUE), this::confirm);
            }
            left = FailedQueueScan.depth(connection);
        }
        int matched = result.matched().total();
        if (json.asked()) {
            OpsJson.print(out, new Json(result.scanned(), matched, result.deleted(), left, result.matched().groups()));
        } else if (result.deleted()) {
            out.println("deleted " + matched + " of " + result.scanned() + " messages from sms.failed (applied by the broker); "
                    + "sms.failed now holds " + left);
            if (left > result.scanned() - matched) {
                spec.commandLine().getErr().println("note: " + (left - (result.scanned() - matched)) + " more than this purge kept: "
                        + "failures that arrived since it read the queue (or deletions the broker did not apply).");
            }
        } else if (matched == 0) {
            out.println("no message matched (of " + result.scanned() + "); deleted nothing");
        } else {
            out.println((dryRun ? "dry run: would delete " : "declined: kept ") + matched + " of " + result.scanned()
                    + " messages; nothing was changed");
        }
        out.flush();
        boolean declined = !dryRun && !result.deleted() && matched > 0;
        return declined ? ExitCodes.ABORTED : ExitCodes.OK;
    }

    private boolean confirm(FailedSummary matched) {
        if (dryRun) {
            print(matched);
            return false;
        }
        if (yes) {
            return true;
        }
        print(matched);
        PrintWriter out = spec.commandLine().getOut();
        out.print("Delete these " + matched.total() + " messages from sms.failed for good? Type 'yes': ");
        out.flush();
        try {
            String answer = environment.stdin().readLine();
            return answer != null && answer.strip().toLowerCase(Locale.ROOT).equals("yes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void print(FailedSummary matched) {
        if (json.asked()) {
            return;
        }
        TextTable table = new TextTable("ERROR CLASS", "CODE", "PROVIDER", "KIND", "COUNT", "MAYBE DELIVERED", "OLDEST", "NEWEST");
        matched.groups().forEach(group -> table.row(group.errorClass(), group.errorCode(), group.provider(), group.kind(),
                group.count(), group.maybeDelivered(), group.oldest(), group.newest()));
        table.print(spec.commandLine().getOut());
    }

    private record Json(int scanned, int matched, boolean deleted, int left, List<FailedSummary.Group> groups) {
    }
}
