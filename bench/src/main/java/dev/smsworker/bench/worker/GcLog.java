package dev.smsworker.bench.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a worker's garbage collector did, read from its unified GC log ({@code -Xlog:gc:file=...}, one
 * line per pause: {@code [12.3s][info][gc] GC(7) Pause Full (Allocation Failure) 150M->128M(160M) 310.2ms}).
 *
 * <p>"Live after GC" is the heap occupied right after a full collection: what the worker really holds.
 * After a young collection the figure also counts old-generation garbage, so it is an upper bound.
 * Full collections for the class-metadata threshold happen during start-up and say nothing about the
 * heap; they are counted apart.
 *
 * @param pauses             every pause, in order
 * @param heapMiB            the heap's capacity in the last pause, MiB
 */
public record GcLog(List<Pause> pauses, long heapMiB) {

    /** One pause: uptime in s, full or young, why, heap used after it in MiB, its length in ms. */
    public record Pause(double uptimeSeconds, boolean full, String cause, long afterMiB, double millis) {
        /** A full collection the heap forced: not the start-up's metadata ones, nor one requested (jcmd, System.gc). */
        boolean heapFull() {
            return full && !cause.contains("Metadata") && !cause.contains("Diagnostic Command") && !cause.contains("System.gc");
        }
    }

    private static final Pattern LINE = Pattern.compile(
            "\\[(\\d+\\.\\d+)s].*Pause (Young|Full) \\(([^)]*)\\).* (\\d+)M->(\\d+)M\\((\\d+)M\\) (\\d+\\.\\d+)ms");

    /** The log's pauses; an absent file reads as no pause. */
    public static GcLog read(Path file) throws IOException {
        List<Pause> pauses = new ArrayList<>();
        long heap = 0;
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                Matcher m = LINE.matcher(line);
                if (m.find()) {
                    pauses.add(new Pause(Double.parseDouble(m.group(1)), m.group(2).equals("Full"), m.group(3),
                            Long.parseLong(m.group(5)), Double.parseDouble(m.group(7))));
                    heap = Long.parseLong(m.group(6));
                }
            }
        }
        return new GcLog(List.copyOf(pauses), heap);
    }

    /** The JVM flag that writes this log to {@code file}. */
    public static String flag(Path file) {
        return "-Xlog:gc:file=" + file.toAbsolutePath();
    }

    /** Pauses from {@code fromSeconds} of uptime on (the drain, not the start-up). */
    public GcLog since(double fromSeconds) {
        return new GcLog(pauses.stream().filter(p -> p.uptimeSeconds() >= fromSeconds).toList(), heapMiB);
    }

    /** Full collections because the heap was full. */
    public long fullGcs() {
        return pauses.stream().filter(Pause::heapFull).count();
    }

    /** Total pause time, s. */
    public double pauseSeconds() {
        return pauses.stream().mapToDouble(Pause::millis).sum() / 1000;
    }

    /** Heap used right after each heap-full collection, MiB, in order. */
    public List<Long> liveAfterFullGcMiB() {
        return pauses.stream().filter(Pause::heapFull).map(Pause::afterMiB).toList();
    }

    /** The most heap left in use after any collection, MiB: an upper bound of what is live. */
    public long maxAfterGcMiB() {
        return pauses.stream().mapToLong(Pause::afterMiB).max().orElse(0);
    }

    /** One line: full GCs, pause time, live heap after GC. */
    public String summary() {
        List<Long> live = liveAfterFullGcMiB();
        String liveText = live.isEmpty() ? "no full GC"
                : "live after full GC " + live.stream().mapToLong(Long::longValue).min().orElse(0) + "-"
                + live.stream().mapToLong(Long::longValue).max().orElse(0) + " MiB";
        return String.format("%d GCs, %d full, %.1f s paused; %s; at most %d MiB after any GC, heap %d MiB",
                pauses.size(), fullGcs(), pauseSeconds(), liveText, maxAfterGcMiB(), heapMiB);
    }
}
