package dev.smsworker.ops.suppression;

import dev.smsworker.contracts.SuppressedNumber;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.OpsEnvironment;
import dev.smsworker.ops.console.TerminalText;
import dev.smsworker.ops.console.TextTable;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code sms-ops suppression list}: every suppressed number, masked, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List suppressed numbers (masked), why and since when. Redis URI from SMS_OPS_REDIS_URI.")
public class SuppressionListCommand implements Callable<Integer> {

    @Mixin
    RedisOptions redis;

    @Option(names = "--limit", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit = 1000;

    @Spec
    CommandSpec spec;

    private final OpsEnvironment environment;

    SuppressionListCommand(OpsEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        return redis.run(environment, spec, commands -> {
            List<SuppressedNumber> found = scan(commands);
            found.sort(Comparator.comparing(SuppressedNumber::since).reversed());
            TextTable table = new TextTable("NUMBER", "REASON", "ANSWER", "SINCE");
            found.forEach(entry -> table.row(entry.maskedNumber(), entry.reason(), entry.answer(), entry.since()));
            PrintWriter out = spec.commandLine().getOut();
            if (table.isEmpty()) {
                out.println("no suppressed numbers");
            } else {
                table.print(out);
            }
            out.flush();
            return ExitCodes.OK;
        });
    }

    private List<SuppressedNumber> scan(RedisCommands<String, String> commands) {
        List<SuppressedNumber> found = new ArrayList<>();
        String pattern = redis.keyPrefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + SuppressedNumber.KEY + "*";
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = commands.scan(cursor, ScanArgs.Builder.matches(pattern).limit(500));
            for (String key : page.getKeys()) {
                String value = commands.get(key);
                if (value != null && found.size() < limit) {
                    try {
                        found.add(SuppressedNumber.fromText(value));
                    } catch (RuntimeException e) {
                        spec.commandLine().getErr().println("skipped " + TerminalText.escape(key) + ": not a suppression entry");
                    }
                }
            }
            cursor = page;
        } while (!cursor.isFinished() && found.size() < limit);
        return found;
    }
}
