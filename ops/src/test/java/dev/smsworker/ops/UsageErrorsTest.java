package dev.smsworker.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A usage error says what is wrong and where to read more, in a few lines. Guards issue 15: the reason
 * was the first of about 40 lines of help. No broker: every case fails before connecting.
 */
class UsageErrorsTest {

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        OpsEnvironment environment = new OpsEnvironment(Map.of(), new BufferedReader(new StringReader("")), false, Clock.systemUTC());
        int exit = SmsOps.commandLine(environment)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "send --body hello                       | sms-ops send      | Missing required option: '--to",
            "send --to +4791234567                   | sms-ops send      | Missing required option: '--body",
            "send --to +4791234567 --body x --kind x | sms-ops send      | kind",
            "failed list --limit many                | sms-ops failed list | --limit",
            "replay --since yesterday-ish            | sms-ops replay    | --since",
            "canary --threshold soon                 | sms-ops canary    | --threshold",
            "events --count none                     | sms-ops events    | --count",
    })
    void aUsageErrorIsTheReasonAndAHintNotTheWholeHelp(String args, String command, String reason) {
        Run run = run(args.strip().split(" +"));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith(command + ": ").contains(reason)
                .contains("Try '" + command + " --help' for more information.")
                .doesNotContain("Usage:");
        assertThat(run.err().lines()).hasSizeLessThanOrEqualTo(4);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownCommandIsNamedWithSuggestions() {
        Run run = run("replya");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Unmatched argument at index 0: 'replya'", "replay", "Try 'sms-ops --help'")
                .doesNotContain("Usage:");
    }

    @Test
    void helpIsStillTheWholeHelp() {
        Run run = run("send", "--help");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("Usage: sms-ops send", "--to", "--no-validate");
    }
}
