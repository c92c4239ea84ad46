package dev.smsworker.ops.replay;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.smsworker.contracts.Validity;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.OpsEnvironment;
import dev.smsworker.ops.connection.BrokerConnections;
import dev.smsworker.ops.connection.BrokerSettings;
import dev.smsworker.ops.connection.ConnectionOptions;
import dev.smsworker.ops.console.OpsJson;
import dev.smsworker.ops.console.OutputOptions;
import dev.smsworker.ops.console.ProgressBar;
import dev.smsworker.ops.console.TextTable;
import dev.smsworker.ops.console.TimeArguments;
import dev.smsworker.ops.failed.FailedQueueScan;
import dev.smsworker.ops.failed.FilterOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code sms-ops replay}: failed messages back to the worker. */
@Command(name = "replay", mixinStandardHelpOptions = true, resourceBundle = OutputOptions.WORDINGS,
        description = {"Move messages from sms.failed back to the sms exchange under their original routing key.",
                "",
                "Each is published (mandatory, confirmed) before it is removed from sms.failed, so a crash loses "
                        + "nothing. The attempt count and failure headers are reset, the correlation id is kept, "
                        + "sms-replay-count is raised. Messages not moved stay in sms.failed in their order.",
                ""})
public class ReplayCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    FilterOptions filters;

    @Mixin
    OutputOptions.Limit limit;

    @Option(names = "--dry-run", description = "Show what would move; change nothing.")
    boolean dryRun;

    @Option(names = "--include-expired", description = "Also move expired messages. The worker still fails those past their "
            + "own expiresAt (the body is never rewritten); OTPs past only the default validity get a fresh one.")
    boolean includeExpired;

    @Option(names = "--include-maybe-delivered", description = "Also move messages marked sms-maybe-delivered: an earlier "
            + "attempt may have reached the handset, so the SMS may arrive twice. Without it they stay and are counted.")
    boolean includeMaybeDelivered;

    @Option(names = "--otp-validity", defaultValue = Validity.OTP_DEFAULT_TEXT, converter = TimeArguments.DurationConverter.class,
            description = "The worker's sms.retry.otp-default-validity (default ${DEFAULT-VALUE}).")
    Duration otpValidity;

    @Option(names = "--batch", defaultValue = "100", description = "Publishes in flight per confirm round (default ${DEFAULT-VALUE}); "
            + "a crash can leave at most two batches in both sms and sms.failed.")
    int batch;

    @Mixin
    OutputOptions.Json json;

    @Mixin
    OutputOptions.Progress progress;

    @Spec
    CommandSpec spec;

    private final OpsEnvironment environment;

    ReplayCommand(OpsEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        ReplayPlan plan = ReplayPlan.of(filters.toFilter(environment.clock().instant()))
                .withLimit(limit.orElse(Integer.MAX_VALUE))
                .withDryRun(dryRun).withIncludeExpired(includeExpired).withIncludeMaybeDelivered(includeMaybeDelivered).withOtpValidity(otpValidity).withBatchSize(Math.max(1, batch));
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = progress.bar(err, environment.interactive(), dryRun ? "reading sms.failed" : "replaying");
        Replayer replayer = new Replayer(environment.clock(), new Replayer.Listener() {
            @Override
            public void scanned(int read, int depthAtStart, int moved) {
                bar.update(read, depthAtStart, (dryRun ? "would move " : "moved ") + moved);
            }
        });
        try (Connection connection = BrokerConnections.open(BrokerSettings.resolve(this.connection.flags(), environment.env()), "replay")) {
            ReplayReport report;
            // Closed before counting: its acks are applied and what it kept is ready again.
            try (Channel channel = connection.createChannel()) {
                report = replayer.replay(channel, plan);
            }
            report = report.withLeft(FailedQueueScan.depth(connection));
            bar.finish();
            new ReplayOutput(spec.commandLine().getOut(), err, json.asked()).print(report);
            return report.complete() ? ExitCodes.OK : ExitCodes.INCOMPLETE;
        } catch (Exception e) {
            bar.finish();
            ReplayReport partial = replayer.progress();
            if (partial.scanned() > 0) {
                err.println("replay stopped after reading " + partial.scanned() + " messages: " + partial.moved()
                    + " moved (confirmed, removed from sms.failed); " + replayer.unconfirmed()
                        + " published without a confirm: they are back in sms.failed and may also be in sms (duplicates).");
                err.flush();
            }
            throw e;
        }
    }

    /** The report for people, or as JSON. */
    private record ReplayOutput(PrintWriter out, PrintWriter err, boolean json) {

        void print(ReplayReport report) {
            if (json) {
                OpsJson.print(out, report);
                return;
            }
            if (report.dryRun() && !report.messages().isEmpty()) {
                TextTable table = new TextTable("MESSAGE ID", "KIND", "ROUTING KEY", "ERROR CLASS", "CODE", "CORRELATION ID",
                        "MAYBE DELIVERED", "OUTCOME");
                report.messages().forEach(entry -> table.row(entry.messageId(), entry.kind(), entry.routingKey(),
                        entry.errorClass(), entry.errorCode(), entry.correlationId(), entry.maybeDelivered(), entry.outcome()));
                table.print(out);
            }
            out.println((report.dryRun() ? "dry run: would replay " : "replayed ") + report.moved() + " of " + report.scanned()
                    + " messages read from sms.failed" + (report.dryRun() ? "; nothing was changed" : " (each confirmed by the broker)"));
            if (report.duplicatesRemoved() > 0) {
                out.println((report.dryRun() ? "would remove " : "removed ") + report.duplicatesRemoved()
                        + " other copies of replayed messages (same message id and body), so each SMS is replayed once");
            }
            out.println("kept in sms.failed: " + report.notMatching() + " not matching, " + report.maybeDelivered()
                    + " maybe delivered (--include-maybe-delivered moves them), " + report.expired()
                    + " expired (--include-expired moves them), " + report.overLimit() + " over --limit, " + report.refused()
                    + " refused by the broker, " + report.noRoutingKey() + " without a routing key, " + report.duplicatesKept()
                    + " with the id of a replayed message but another body, " + report.replayedThisRun()
                    + " failed again during this replay");
            if (report.left() >= 0) {
                out.println("sms.failed now holds " + report.left());
                int kept = report.scanned() - report.moved() - report.duplicatesRemoved();
                if (!report.dryRun() && report.left() > kept) {
                    err.println("note: " + (report.left() - kept) + " more than this replay kept: failures that arrived since it "
                            + "read the queue (or removals the broker did not apply); sms-ops failed list shows them.");
                }
            }
            out.flush();
            if (report.maybeDelivered() > 0) {
                err.println("note: " + report.maybeDelivered() + " messages may have reached the handset already (sms-maybe-delivered) "
                        + "and stay; see sms-ops failed list, and replay them with --include-maybe-delivered if they must go again.");
            }
            if (report.duplicatesKept() > 0) {
                err.println("note: " + report.duplicatesKept() + " messages share a message id with a replayed one but not its body "
                        + "(or their copy was refused) and stay; see sms-ops failed show <id>.");
            }
            if (report.movedExpired() > 0) {
                err.println("note: " + report.movedExpired() + " expired messages " + (report.dryRun() ? "would be" : "were")
                        + " replayed; the worker fails again those past their own expiresAt.");
            }
            if (!report.complete()) {
                err.println("incomplete: " + (report.refused() + report.noRoutingKey()) + " matching messages could not be moved"
                        + " and stay in sms.failed; is the sms exchange bound (and not full)?");
            }
            err.flush();
        }
    }
}
