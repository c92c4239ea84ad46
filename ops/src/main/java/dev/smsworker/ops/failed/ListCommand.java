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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code sms-ops failed list}: one line per failed message, in queue order. */
@Command(name = "list", mixinStandardHelpOptions = true, resourceBundle = OutputOptions.WORDINGS,
        description = "List failed messages in queue order. Numbers are masked; texts hidden unless --show-body.")
class ListCommand implements Callable<Integer> {

    /** Without {@code --limit}; its help text (OutputOptions.properties) says so. */
    private static final int DEFAULT_LIMIT = 100;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    FilterOptions filters;

    @Mixin
    OutputOptions.Limit limit;

    @Option(names = "--show-body", description = "Include the SMS text.")
    boolean showBody;

    @Mixin
    OutputOptions.Json json;

    @Mixin
    OutputOptions.Progress progress;

    @Spec
    CommandSpec spec;

    private final OpsEnvironment environment;

    ListCommand(OpsEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        MessageFilter filter = filters.toFilter(environment.clock().instant());
        List<MessageView> shown = new ArrayList<>();
        int shownAtMost = limit.orElse(DEFAULT_LIMIT);
        int[] matched = {0};
        PrintWriter err = spec.commandLine().getErr();
        int deliveries = FailedQueueBrowser.browse(BrokerSettings.resolve(connection.flags(), environment.env()), "failed list",
                progress.bar(err, environment.interactive(), "reading sms.failed"), message -> {
                    if (filter.matches(message) && matched[0]++ < shownAtMost) {
                        shown.add(MessageView.of(message, showBody));
                    }
                });
        print(spec.commandLine().getOut(), shown, matched[0]);
        DeliveryCountWarning.warnIfHigh(err, deliveries);
        return ExitCodes.OK;
    }

    private void print(PrintWriter out, List<MessageView> shown, int matched) {
        if (json.asked()) {
            OpsJson.print(out, new Json(matched, shown));
            return;
        }
        TextTable table = showBody
                ? new TextTable("POS", "MESSAGE ID", "KIND", "TO", "ERROR CLASS", "CODE", "PROVIDER", "ATTEMPT", "REPLAYS", "FAILED AT", "CORRELATION ID", "MAYBE DELIVERED", "BODY")
                : new TextTable("POS", "MESSAGE ID", "KIND", "TO", "ERROR CLASS", "CODE", "PROVIDER", "ATTEMPT", "REPLAYS", "FAILED AT", "CORRELATION ID", "MAYBE DELIVERED");
        for (MessageView view : shown) {
            List<Object> cells = new ArrayList<>(List.of(view.position(), nn(view.messageId()), nn(view.kind()), nn(view.to()),
                    nn(view.errorClass()), nn(view.errorCode()), nn(view.provider()), view.attempt(), view.replayCount(),
                    view.failedAt() == null ? "-" : view.failedAt(), nn(view.correlationId()), nn(view.maybeDelivered())));
            if (showBody) {
                cells.add(view.body() == null ? "-" : view.body());
            }
            table.row(cells.toArray());
        }
        if (!table.isEmpty()) {
            table.print(out);
        }
        out.println(matched + " matching message" + (matched == 1 ? "" : "s") + (matched > shown.size() ? ", first " + shown.size() + " shown" : ""));
        out.flush();
    }

    private static Object nn(Object value) {
        return value == null ? "-" : value;
    }

    private record Json(int matched, List<MessageView> messages) {
    }
}
