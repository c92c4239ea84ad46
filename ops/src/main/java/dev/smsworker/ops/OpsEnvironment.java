package dev.smsworker.ops;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * What a command reads from outside its flags: environment variables, standard input, whether a person
 * is at a terminal, and the clock. One object so tests run commands in-process without touching the JVM's.
 *
 * @param env         environment variables ({@code SMS_OPS_*})
 * @param stdin       answers to prompts
 * @param interactive whether stdin and stdout are a terminal: prompts and progress bars only then
 */
public record OpsEnvironment(Map<String, String> env, BufferedReader stdin, boolean interactive, Clock clock) {

    public static OpsEnvironment system() {
        return new OpsEnvironment(System.getenv(), new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                isTerminal(), Clock.systemUTC());
    }

    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // From JDK 22 System.console() exists even when redirected; isTerminal() (22+) tells. We compile for 21.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
