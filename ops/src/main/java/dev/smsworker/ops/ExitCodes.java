package dev.smsworker.ops;

/**
 * The exit codes of {@code sms-ops}, stable for scripts and monitoring. Documented in the README;
 * a new code goes at the end of its group, an existing one never changes meaning.
 */
public final class ExitCodes {

    /** Done as asked. */
    public static final int OK = 0;
    /** A bug in sms-ops: the stack trace went to stderr. */
    public static final int SOFTWARE = 1;
    /** Wrong flags or arguments (picocli's own code for usage errors). */
    public static final int USAGE = 2;
    /** The broker is unreachable, refused the login or an operation, lacks the topology, or did not confirm a publish. */
    public static final int BROKER = 3;
    /** {@code failed show}: no message with that id in the failed queue; {@code events}: fewer events than {@code --count} in time. */
    public static final int NOT_FOUND = 4;
    /** {@code replay}: some matching messages could not be moved (nacked or returned); they stay in the failed queue. */
    public static final int INCOMPLETE = 5;
    /** {@code purge}: the confirmation was declined; nothing was deleted. */
    public static final int ABORTED = 6;

    /** {@code canary}: sent, but slower than {@code --threshold}. */
    public static final int CANARY_SLOW = 10;
    /** {@code canary}: no {@code sent} event within {@code --timeout} (no worker running, stuck, or retrying). */
    public static final int CANARY_TIMEOUT = 11;
    /** {@code canary}: the worker gave up on it (a {@code failed} event). */
    public static final int CANARY_FAILED = 12;
    /**
     * {@code canary}: the canary passed but its result could not be written to {@code --prometheus-file}
     * or {@code --pushgateway}: monitoring would not see this run, so the run does not count as OK.
     */
    public static final int CANARY_NOT_RECORDED = 13;

    /** {@code doctor}: the broker applies settings to the worker's queues or exchanges other than the worker declares. */
    public static final int DRIFT = 20;

    private ExitCodes() {
    }
}
