package dev.smsworker.ops.support;

import dev.smsworker.ops.OpsEnvironment;
import dev.smsworker.ops.SmsOps;
import dev.smsworker.testing.TestBroker;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs sms-ops in this JVM against a test vhost, as an operator would type it, and captures what it prints. */
public final class Cli {

    public record Run(int exitCode, String out, String err) {
    }

    private final TestBroker broker;
    private final String vhost;
    private String stdin = "";
    private boolean interactive;
    private Map<String, String> env = Map.of();

    public Cli(TestBroker broker, String vhost) {
        this.broker = broker;
        this.vhost = vhost;
    }

    /** Answers to prompts, and a terminal to ask them on. */
    public Cli typing(String answers) {
        Cli copy = copy();
        copy.stdin = answers;
        copy.interactive = true;
        return copy;
    }

    public Cli withEnv(Map<String, String> newEnv) {
        Cli copy = copy();
        copy.env = newEnv;
        return copy;
    }

    /** Runs {@code args} with this broker's --host, --port and --vhost appended (unless the args name a vhost). */
    public Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--host", broker.host, "--port", String.valueOf(broker.amqpPort)));
        if (!all.contains("--vhost")) {
            all.addAll(List.of("--vhost", vhost));
        }
        return runExactly(all.toArray(String[]::new));
    }

    /** Runs {@code args} as given. */
    public Run runExactly(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        OpsEnvironment environment = new OpsEnvironment(env, new BufferedReader(new StringReader(stdin)), interactive, Clock.systemUTC());
        int exit = SmsOps.commandLine(environment)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Cli copy() {
        Cli copy = new Cli(broker, vhost);
        copy.stdin = stdin;
        copy.interactive = interactive;
        copy.env = env;
        return copy;
    }
}
