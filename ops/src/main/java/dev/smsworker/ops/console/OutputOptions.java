package dev.smsworker.ops.console;

import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * The output flags {@code --json}, {@code --progress} and {@code --limit}, each a mixin of its own: a mixin adds every
 * option it declares, and most commands take only one or two of these (a stray {@code --progress} on {@code purge}
 * would be accepted and do nothing).
 *
 * <p>Where a command words a flag its own way ({@code replay}'s JSON is a report, {@code purge}'s limit deletes), the
 * text is in {@code OutputOptions.properties} under the command's qualified name ({@code sms-ops.replay.json}), which
 * picocli reads before the description here; such a command names that bundle in its {@code @Command}.
 */
public final class OutputOptions {

    /** The bundle of per-command wordings, for {@code @Command(resourceBundle = ...)}. */
    public static final String WORDINGS = "dev.smsworker.ops.console.OutputOptions";

    private OutputOptions() {
    }

    /** {@code --json}: JSON on stdout instead of text. */
    public static class Json {

        @Option(names = "--json", description = "Print JSON for scripts.")
        boolean json;

        public boolean asked() {
            return json;
        }
    }

    /** {@code --progress}: a progress bar on stderr even off a terminal. */
    public static class Progress {

        @Option(names = "--progress", description = "Show a progress bar on stderr even when not on a terminal.")
        boolean progress;

        /** A bar drawn when on a terminal ({@code interactive}) or when {@code --progress} asks for it. */
        public ProgressBar bar(PrintWriter err, boolean interactive, String label) {
            return new ProgressBar(err, progress || interactive, label);
        }
    }

    /** {@code --limit N}: act on at most N messages. */
    public static class Limit {

        @Option(names = "--limit", description = "At most this many.")
        Integer limit;

        /** The limit given, or {@code otherwise} without {@code --limit}. */
        public int orElse(int otherwise) {
            return limit == null ? otherwise : limit;
        }
    }
}
