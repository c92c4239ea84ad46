package dev.smsworker.ops.canary;

import com.rabbitmq.client.Connection;
import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.PhoneMask;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.OpsEnvironment;
import dev.smsworker.ops.connection.BrokerConnections;
import dev.smsworker.ops.connection.BrokerSettings;
import dev.smsworker.ops.connection.ConnectionOptions;
import dev.smsworker.ops.console.TimeArguments;
import dev.smsworker.ops.console.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sms-ops canary}: one request end to end, timed. */
@Command(name = "canary", mixinStandardHelpOptions = true,
        description = {"Publish a canary request (tags canary=true) and wait for the worker's sent event; print the end-to-end latency.",
                "",
                "Exit 0 when sent within --threshold, 10 when slower, 11 when nothing came within --timeout, "
                        + "12 when the worker failed it, 13 when it passed but its result could not be written "
                        + "(--prometheus-file, --pushgateway), 3 when the broker did not take it.",
                ""})
public class CanaryCommand implements Callable<Integer> {

    /** Twilio's magic test number: valid E.164 that test credentials accept and nobody's phone. */
    static final String DEFAULT_TO = "+15005550006";

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--kind", defaultValue = "otp", description = "otp or transactional (default ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--to", defaultValue = DEFAULT_TO, description = "Recipient (default ${DEFAULT-VALUE}, a test number).")
    String to;

    @Option(names = "--threshold", defaultValue = "5s", converter = TimeArguments.DurationConverter.class,
            description = "Slower than this fails the canary (exit 10; default ${DEFAULT-VALUE}).")
    Duration threshold;

    @Option(names = "--timeout", defaultValue = "30s", converter = TimeArguments.DurationConverter.class,
            description = "Give up waiting after this (exit 11; default ${DEFAULT-VALUE}). Also the request's expiry.")
    Duration timeout;

    @Option(names = "--prometheus-file", paramLabel = "PATH",
            description = "Write the result for node-exporter's textfile collector (e.g. /var/lib/node_exporter/sms_canary.prom).")
    Path prometheusFile;

    @Option(names = "--pushgateway", paramLabel = "URL", description = "Also push the result to this Prometheus Pushgateway.")
    URI pushgateway;

    @Spec
    CommandSpec spec;

    private final OpsEnvironment environment;

    CanaryCommand(OpsEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        Kind canaryKind = kind();
        requireTextfileFolder();
        CanaryOutcome outcome;
        try (Connection connection = BrokerConnections.open(BrokerSettings.resolve(this.connection.flags(), environment.env()), "canary")) {
            outcome = new Canary(connection, environment.clock()).run(canaryKind, to, timeout);
        }
        int exit = report(outcome);
        boolean recorded = publishMetrics(canaryKind, outcome, exit);
        return exit == ExitCodes.OK && !recorded ? ExitCodes.CANARY_NOT_RECORDED : exit;
    }

    private Kind kind() {
        return switch (kind.strip().toLowerCase(Locale.ROOT)) {
            case "otp" -> Kind.OTP;
            case "transactional" -> Kind.TRANSACTIONAL;
            default -> throw new ParameterException(spec.commandLine(), "--kind must be otp or transactional");
        };
    }

    /**
     * A canary whose result goes nowhere is a check that silently does nothing: refuse a
     * {@code --prometheus-file} whose folder is missing or not writable before sending anything.
     */
    private void requireTextfileFolder() {
        if (prometheusFile == null) {
            return;
        }
        Path folder = prometheusFile.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            throw new ParameterException(spec.commandLine(), "--prometheus-file: folder " + folder
                    + " does not exist (node-exporter's textfile collector directory?); nothing was sent");
        }
        if (!Files.isWritable(folder)) {
            throw new ParameterException(spec.commandLine(), "--prometheus-file: folder " + folder
                    + " is not writable by this user; nothing was sent");
        }
    }

    private int report(CanaryOutcome outcome) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = switch (outcome) {
            case CanaryOutcome.Sent sent -> {
                boolean slow = sent.latency().compareTo(threshold) > 0;
                out.println("canary " + (slow ? "SLOW" : "OK") + ": sent to " + PhoneMask.mask(to) + " by " + TerminalText.escape(sent.provider())
                        + " on attempt " + sent.attempt() + " in " + sent.latency().toMillis() + " ms (threshold " + threshold.toMillis() + " ms)");
                yield slow ? ExitCodes.CANARY_SLOW : ExitCodes.OK;
            }
            case CanaryOutcome.TimedOut timedOut -> {
                err.println("canary TIMEOUT: no sent event within " + timedOut.timeout().toMillis() + " ms ("
                        + timedOut.retries() + " retrying events). Is a worker consuming this vhost?");
                yield ExitCodes.CANARY_TIMEOUT;
            }
            case CanaryOutcome.Failed failed -> {
                err.println("canary FAILED after " + failed.after().toMillis() + " ms: " + TerminalText.escape(failed.errorClass()) + " " + TerminalText.escape(failed.errorCode()));
                yield ExitCodes.CANARY_FAILED;
            }
            case CanaryOutcome.NotPublished notPublished -> {
                err.println("canary NOT PUBLISHED: " + TerminalText.escape(notPublished.reason()));
                yield ExitCodes.BROKER;
            }
        };
        out.flush();
        err.flush();
        return exit;
    }

    /** @return false when a requested write failed: monitoring will not see this run */
    private boolean publishMetrics(Kind canaryKind, CanaryOutcome outcome, int exit) throws InterruptedException {
        if (prometheusFile == null && pushgateway == null) {
            return true;
        }
        Double latency = outcome instanceof CanaryOutcome.Sent sent ? sent.latency().toNanos() / 1e9 : null;
        String text = new CanaryMetrics(canaryKind.wireName(), exit == ExitCodes.OK, latency, environment.clock().instant()).text();
        PrintWriter err = spec.commandLine().getErr();
        // A failed write fails a passing canary (exit 13); a failing canary keeps its own exit code.
        try {
            if (prometheusFile != null) {
                PrometheusTextfile.write(prometheusFile, text);
            }
            if (pushgateway != null) {
                Pushgateway.push(pushgateway, canaryKind.wireName(), text);
            }
        } catch (IOException e) {
            err.println("canary NOT RECORDED: result not written: " + e);
            err.flush();
            return false;
        }
        return true;
    }
}
