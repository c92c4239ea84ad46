package dev.smsworker.ops.events;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.smsworker.contracts.SmsEvent;
import dev.smsworker.contracts.Topology;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.OpsEnvironment;
import dev.smsworker.ops.connection.BrokerConnections;
import dev.smsworker.ops.connection.BrokerSettings;
import dev.smsworker.ops.connection.ConnectionOptions;
import dev.smsworker.ops.console.OutputOptions;
import dev.smsworker.ops.console.TimeArguments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@code sms-ops events}: watch the worker's status events as they are published. */
@Command(name = "events", mixinStandardHelpOptions = true, resourceBundle = OutputOptions.WORDINGS,
        description = {"Print the worker's status events (sent, retrying, failed) from the sms.events exchange, one line each.",
                "",
                "Binds a temporary queue (exclusive, auto-delete: it disappears with this command), so it shows the events "
                        + "published while it runs, never earlier ones. Without --follow it stops after --count events "
                        + "or --timeout (exit 4 when fewer came).",
                ""})
public class EventsCommand implements Callable<Integer> {

    private static final List<String> TYPES = List.of(SmsEvent.SENT, SmsEvent.RETRYING, SmsEvent.FAILED);

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-f", "--follow"}, description = "Keep printing until interrupted (Ctrl-C).")
    boolean follow;

    @Option(names = "--type", split = ",", paramLabel = "TYPE", description = "Only these: sent, retrying, failed (default all).")
    List<String> types;

    @Option(names = "--correlation-id", description = "Only the events of this correlation id.")
    String correlationId;

    @Option(names = "--message-id", description = "Only the events of this message id.")
    String messageId;

    @Option(names = "--count", description = "Stop after this many events (default 1 without --follow, no limit with it).")
    Integer count;

    @Option(names = "--timeout", defaultValue = "30s", converter = TimeArguments.DurationConverter.class,
            description = "Without --follow: stop waiting after this (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    OutputOptions.Json json;

    @Spec
    CommandSpec spec;

    private final OpsEnvironment environment;

    EventsCommand(OpsEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        List<String> bindings = bindings();
        int wanted = count != null ? count : follow ? Integer.MAX_VALUE : 1;
        if (wanted < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventFilter filter = new EventFilter(correlationId, messageId);
        try (Connection connection = BrokerConnections.open(BrokerSettings.resolve(this.connection.flags(), environment.env()), "events")) {
            BlockingQueue<EventLine> lines = listen(connection, bindings, filter);
            err.println("watching " + Topology.EVENTS_EXCHANGE + " (" + String.join(", ", bindings) + ")"
                    + (follow ? "; Ctrl-C stops" : " for up to " + readable(timeout)));
            err.flush();
            long deadline = follow ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            int printed = 0;
            while (printed < wanted) {
                EventLine line = lines.poll(Math.max(0, Math.min(deadline - System.nanoTime(), TimeUnit.DAYS.toNanos(1))), TimeUnit.NANOSECONDS);
                if (line == null) {
                    if (System.nanoTime() >= deadline) {
                        err.println("sms-ops events: " + printed + " of " + wanted + " events within " + readable(timeout));
                        err.flush();
                        return ExitCodes.NOT_FOUND;
                    }
                    continue;
                }
                out.println(json.asked() ? line.json() : line.text());
                out.flush();
                printed++;
            }
        }
        return ExitCodes.OK;
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private List<String> bindings() {
        if (types == null || types.isEmpty()) {
            return List.of("#");
        }
        for (String type : types) {
            if (!TYPES.contains(type)) {
                throw new ParameterException(spec.commandLine(), "--type must be sent, retrying or failed, not " + type);
            }
        }
        return types.stream().distinct().toList();
    }

    private static BlockingQueue<EventLine> listen(Connection connection, List<String> bindings, EventFilter filter) throws IOException {
        BlockingQueue<EventLine> lines = new LinkedBlockingQueue<>();
        Channel channel = connection.createChannel();
        // Server-named, exclusive, auto-delete: gone with this connection, nothing to clean up.
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        for (String binding : bindings) {
            channel.queueBind(queue, Topology.EVENTS_EXCHANGE, binding);
        }
        channel.basicConsume(queue, true, (tag, delivery) -> {
            EventLine line = EventLine.of(delivery.getEnvelope().getRoutingKey(), delivery.getBody());
            if (filter.matches(line)) {
                lines.add(line);
            }
        }, tag -> { });
        return lines;
    }
}
