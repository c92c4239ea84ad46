package dev.smsworker.ops.console;

import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr, redrawn in place at most every 200 ms. Disabled, it prints nothing:
 * callers create it enabled only on a terminal or when asked ({@code --progress}), so logs and pipes stay clean.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final String label;
    private long lastDraw;
    private boolean drawn;
    private long done;
    private long total;
    private String detail = "";

    public ProgressBar(PrintWriter err, boolean enabled, String label) {
        this.err = err;
        this.enabled = enabled;
        this.label = label;
    }

    /** {@code total} may be an estimate (the queue grows while we read): the bar never passes full. */
    public void update(long done, long total, String detail) {
        this.done = done;
        this.total = total;
        this.detail = detail;
        long now = System.nanoTime();
        if (!enabled || (drawn && now - lastDraw < REDRAW_NANOS)) {
            return;
        }
        lastDraw = now;
        draw();
    }

    private void draw() {
        drawn = true;
        long shownTotal = Math.max(total, done);
        int filled = shownTotal == 0 ? WIDTH : (int) (WIDTH * done / shownTotal);
        err.print("\r" + label + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + shownTotal
                + (detail.isEmpty() ? "" : "  " + detail) + "   ");
        err.flush();
    }

    /** Draws the final state and ends the line, so the summary starts on a fresh one. */
    public void finish() {
        if (enabled && drawn) {
            draw();
            err.println();
            err.flush();
        }
    }
}
