package dev.smsworker.ops.send;

import com.rabbitmq.client.Connection;
import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.PhoneMask;
import dev.smsworker.contracts.SmsPublisher;
import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.OpsEnvironment;
import dev.smsworker.ops.connection.BrokerConnections;
import dev.smsworker.ops.connection.BrokerSettings;
import dev.smsworker.ops.connection.ConnectionOptions;
import dev.smsworker.ops.console.OpsJson;
import dev.smsworker.ops.console.OutputOptions;
import dev.smsworker.ops.console.TimeArguments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code sms-ops send}: publish one request, the way publishers do (SmsPublisher). */
@Command(name = "send", mixinStandardHelpOptions = true, resourceBundle = OutputOptions.WORDINGS,
        description = "Publish one SMS request to the sms exchange (persistent, mandatory, confirmed) and print its ids.")
public class SendCommand implements Callable<Integer> {

    // The schema's E.164 rule; the worker also checks the number is dialable.
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--to", required = true, description = "Recipient in E.164 form, e.g. +4791234567.")
    String to;

    @Option(names = "--body", required = true, description = "The text, 1 to 1600 characters.")
    String body;

    @Option(names = "--kind", defaultValue = "transactional", description = "otp, transactional or marketing (default ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--from", description = "Sender id; the provider's configured one otherwise.")
    String from;

    @Option(names = "--message-id", description = "The request's id; a UUID otherwise.")
    String messageId;

    @Option(names = "--correlation-id", description = "The correlation id to trace it by; a UUID otherwise.")
    String correlationId;

    @Option(names = "--expires-in", converter = TimeArguments.DurationConverter.class,
            description = "Never send it after this long from now (e.g. 5m); sets expiresAt.")
    Duration expiresIn;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag carried with the request; repeatable.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Mixin
    OutputOptions.Json json;

    @Option(names = "--no-validate", description = {"Publish --to and --body as given, without checking the number's form or the body's "
            + "length, so the worker's own validation decides (an invalid number ends in sms.failed as MESSAGE_FATAL invalid-number)."})
    boolean noValidate;

    @Spec
    CommandSpec spec;

    private final OpsEnvironment environment;

    SendCommand(OpsEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        SmsRequest request = request();
        SmsPublisher.Result result;
        try (Connection connection = BrokerConnections.open(BrokerSettings.resolve(this.connection.flags(), environment.env()), "send")) {
            result = new SmsPublisher(connection.createChannel()).publish(request, correlationId);
        }
        return print(result);
    }

    private SmsRequest request() {
        Kind parsedKind;
        try {
            parsedKind = Kind.fromWireName(kind.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        // The worker checks the same rules and fails such a request with a reason; --no-validate lets an
        // operator watch it do so (the README's failed example) instead of stopping it here.
        if (!noValidate && !E164.matcher(to).matches()) {
            throw new ParameterException(spec.commandLine(), "--to must be an E.164 number such as +4791234567"
                    + " (--no-validate publishes it anyway, for the worker to fail as invalid-number)");
        }
        if (!noValidate && (body.isEmpty() || body.length() > SmsRequest.MAX_BODY_LENGTH)) {
            throw new ParameterException(spec.commandLine(), "--body must have 1 to " + SmsRequest.MAX_BODY_LENGTH + " characters"
                    + " (--no-validate publishes it anyway, for the worker to fail as malformed)");
        }
        return new SmsRequest(messageId, to, body, from, parsedKind,
                expiresIn == null ? null : environment.clock().instant().plus(expiresIn), tags.isEmpty() ? null : tags);
    }

    private int print(SmsPublisher.Result result) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json.asked()) {
            OpsJson.print(out, new Json(result.getClass().getSimpleName().toLowerCase(Locale.ROOT), result));
        }
        return switch (result) {
            case SmsPublisher.Result.Confirmed confirmed -> {
                if (!json.asked()) {
                    out.println("published to " + PhoneMask.mask(to) + ": messageId=" + confirmed.messageId()
                            + " correlationId=" + confirmed.correlationId() + " routingKey=" + confirmed.routingKey() + " (confirmed)");
                    out.flush();
                }
                yield ExitCodes.OK;
            }
            case SmsPublisher.Result.Unroutable unroutable -> fail(err, "unroutable: no queue is bound to sms for "
                    + unroutable.routingKey() + " (is the worker's topology declared in this vhost?)");
            case SmsPublisher.Result.Nacked nacked -> fail(err, "the broker refused message " + nacked.messageId() + " (queue full?)");
            case SmsPublisher.Result.TimedOut timedOut -> fail(err, "no confirm within " + timedOut.timeout()
                    + " for " + timedOut.messageId() + ": it may or may not be queued");
        };
    }

    private static int fail(PrintWriter err, String message) {
        err.println("sms-ops send: " + message);
        err.flush();
        return ExitCodes.BROKER;
    }

    private record Json(String outcome, SmsPublisher.Result result) {
    }
}
