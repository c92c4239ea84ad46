package dev.smsworker.ops.failed;

import com.rabbitmq.client.AMQP;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.OpsEnvironment;
import dev.smsworker.ops.connection.BrokerSettings;
import dev.smsworker.ops.connection.ConnectionOptions;
import dev.smsworker.ops.console.OpsJson;
import dev.smsworker.ops.console.OutputOptions;
import dev.smsworker.ops.console.ProgressBar;
import dev.smsworker.ops.console.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code sms-ops failed show <messageId>}: everything about one failed message. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show every property and header of the failed message(s) with this id. The number is masked; "
                + "the text hidden unless --show-body.")
class ShowCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MESSAGE_ID", description = "The message id (AMQP message-id).")
    String messageId;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--show-body", description = "Include the SMS text.")
    boolean showBody;

    @Mixin
    OutputOptions.Json json;

    @Spec
    CommandSpec spec;

    private final OpsEnvironment environment;

    ShowCommand(OpsEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        List<Details> found = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        int deliveries = FailedQueueBrowser.browse(BrokerSettings.resolve(connection.flags(), environment.env()), "failed show",
                new ProgressBar(err, environment.interactive(), "reading sms.failed"), message -> {
                    if (messageId.equals(message.messageId())) {
                        found.add(Details.of(message, showBody));
                    }
                });
        PrintWriter out = spec.commandLine().getOut();
        if (found.isEmpty()) {
            err.println("no message with id " + TerminalText.escape(messageId) + " in sms.failed");
            err.flush();
            return ExitCodes.NOT_FOUND;
        }
        if (json.asked()) {
            OpsJson.print(out, found);
        } else {
            found.forEach(details -> details.print(out));
        }
        DeliveryCountWarning.warnIfHigh(err, deliveries);
        return ExitCodes.OK;
    }

    /**
     * One message: its position, routing key, kind (as the worker decides it, lane included), whether it may
     * have been delivered already, AMQP properties, every header (sorted) and its body for people.
     */
    record Details(int position, String routingKey, String kind, String maybeDelivered, Map<String, Object> properties,
                   Map<String, Object> headers, String body) {

        static Details of(FailedMessage message, boolean showBody) {
            Map<String, Object> headers = new TreeMap<>();
            message.headers().forEach((name, value) -> headers.put(name, PrintableValues.plain(value)));
            return new Details(message.position(), message.routingKey(), message.kind() == null ? null : message.kind().wireName(),
                    message.maybeDelivered(), properties(message.properties()), headers, BodyView.render(message.body(), showBody));
        }

        private static Map<String, Object> properties(AMQP.BasicProperties p) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("message-id", p.getMessageId());
            properties.put("correlation-id", p.getCorrelationId());
            properties.put("content-type", p.getContentType());
            properties.put("content-encoding", p.getContentEncoding());
            properties.put("delivery-mode", p.getDeliveryMode());
            properties.put("priority", p.getPriority());
            properties.put("timestamp", PrintableValues.plain(p.getTimestamp()));
            properties.put("expiration", p.getExpiration());
            properties.put("type", p.getType());
            properties.put("app-id", p.getAppId());
            properties.put("user-id", p.getUserId());
            properties.put("reply-to", p.getReplyTo());
            properties.values().removeIf(Objects::isNull);
            return properties;
        }

        /** For a terminal: everything that came with the message is escaped (see {@link TerminalText}). */
        void print(PrintWriter out) {
            out.println("position " + position + " in sms.failed, routing key " + TerminalText.escape(routingKey)
                    + ", kind " + (kind == null ? "unknown" : kind));
            if (maybeDelivered != null) {
                out.println("MAYBE DELIVERED: " + TerminalText.escape(maybeDelivered) + " (an earlier attempt may have reached "
                        + "the handset; replay skips it unless --include-maybe-delivered)");
            }
            out.println("properties:");
            properties.forEach((name, value) -> out.printf("  %-22s %s%n", TerminalText.escape(name), TerminalText.escape(value)));
            out.println("headers:");
            headers.forEach((name, value) -> out.printf("  %-22s %s%n", TerminalText.escape(name), TerminalText.escape(value)));
            out.println("body:");
            out.println("  " + TerminalText.escape(body));
            out.println();
            out.flush();
        }
    }
}
