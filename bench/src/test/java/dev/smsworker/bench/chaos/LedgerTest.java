package dev.smsworker.bench.chaos;

import dev.smsworker.bench.provider.Answer;
import dev.smsworker.bench.provider.CallLog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerTest {

    private static final long SECOND = 1_000_000_000L;

    private final CallLog calls = new CallLog();
    private final FaultLog faults = new FaultLog(0);

    @Test
    void sentOnceOrFailedOnceWithAReasonIsOk() {
        record(calls, "a", 1 * SECOND, Answer.created(0));
        Ledger ledger = reconcile(List.of("a", "b"), Map.of("b", List.of(new Ledger.FailedCopy("MESSAGE_FATAL", "21211", "invalid 'To' number"))));
        assertThat(ledger.okCount()).isEqualTo(2);
        assertThat(ledger.lost()).isEmpty();
    }

    /** Guards the chaos run's one "unexplained duplicate" (c-000071): two failed copies, no SMS sent twice. */
    @Test
    void aFailedCopyKeptTwiceIsNotADoubleSendButIsShown() {
        Ledger.FailedCopy copy = new Ledger.FailedCopy("EXHAUSTED", "connect-failed", "gave up after 4 attempts");
        Ledger ledger = reconcile(List.of("a"), Map.of("a", List.of(copy, copy)));
        assertThat(ledger.duplicated()).isEmpty();
        assertThat(ledger.ok()).containsEntry("failed, copy in sms.failed twice (never sent)", 1);
        assertThat(ledger.anythingLost()).isFalse();
    }

    @Test
    void neitherSentNorFailedIsLost() {
        Ledger ledger = reconcile(List.of("a"), Map.of());
        assertThat(ledger.lost()).containsExactly("a");
        assertThat(ledger.anythingLost()).isTrue();
    }

    @Test
    void aFailedCopyWithoutAReasonIsNotOk() {
        Ledger ledger = reconcile(List.of("a"), Map.of("a", List.of(new Ledger.FailedCopy(null, null, null))));
        assertThat(ledger.okCount()).isZero();
        assertThat(ledger.failedWithoutReason()).containsExactly("a");
    }

    /** Guards ChaosShortIT's two "unexplained" duplicates on a loaded machine (issue 15). */
    @Test
    void aSecondSendAfterTheWorkerTimedOutReadingTheAnswerIsExplainedByTheWorkersLog(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path log = dir.resolve("worker.log");
        java.nio.file.Files.writeString(log, String.join("\n",
                "10:00:01.000 INFO  d.s.w.p.SmsPipeline sms sent correlationId=c-b messageId=b attempt=1",
                "10:00:02.000 INFO  d.s.w.p.SmsPipeline sms retrying in 1s (RETRYABLE read-timeout) correlationId=c-a messageId=a attempt=1",
                "10:00:03.000 INFO  d.s.w.p.SmsPipeline sms retrying in 1s (RETRYABLE connect-failed) correlationId=c-c messageId=c attempt=1", ""));
        record(calls, "a", 1 * SECOND, Answer.created(0));
        record(calls, "a", 3 * SECOND, Answer.created(0));
        record(calls, "c", 1 * SECOND, Answer.created(0));
        record(calls, "c", 3 * SECOND, Answer.created(0));

        Ledger ledger = Ledger.reconcile(List.of("a", "c"), calls, Map.of(), faults.all(), WorkerLog.ambiguousAttempts(log));

        assertThat(ledger.duplicated().get("a").explained()).isTrue();
        assertThat(ledger.duplicated().get("a").cause()).contains("read-timeout");
        assertThat(ledger.duplicated().get("c").explained()).as("nothing was written: a second send is a fault").isFalse();
    }

    @Test
    void aSecondSendAfterTheProviderDroppedTheConnectionIsExplained() {
        record(calls, "a", 1 * SECOND, new Answer.AcceptAndDrop(0));
        record(calls, "a", 3 * SECOND, Answer.created(0));
        Ledger ledger = reconcile(List.of("a"), Map.of());
        assertThat(ledger.duplicated()).containsKey("a");
        assertThat(ledger.unexplainedDuplicates()).isZero();
    }

    @Test
    void aDuplicateInTheWindowOfAFaultThatCanCauseOneIsAttributedToIt() {
        faults.add("worker SIGKILL", true, 10 * SECOND, "");
        record(calls, "a", 9 * SECOND, Answer.created(0));
        record(calls, "a", 20 * SECOND, Answer.created(0));
        Ledger ledger = reconcile(List.of("a"), Map.of());
        assertThat(ledger.duplicatesByCause()).containsEntry("worker SIGKILL", 1);
    }

    @Test
    void aDuplicateFarFromEveryFaultIsUnexplained() {
        faults.add("worker SIGKILL", true, 100 * SECOND, "");
        record(calls, "a", 1 * SECOND, Answer.created(0));
        record(calls, "a", 2 * SECOND, Answer.created(0));
        Ledger ledger = reconcile(List.of("a"), Map.of());
        assertThat(ledger.unexplainedDuplicates()).isEqualTo(1);
    }

    @Test
    void anOutcomeForAnIdNeverPublishedIsUnexpected() {
        record(calls, "ghost", SECOND, Answer.created(0));
        assertThat(reconcile(List.of(), Map.of()).unexpected()).containsExactly("ghost");
    }

    private Ledger reconcile(List<String> published, Map<String, List<Ledger.FailedCopy>> failed) {
        return Ledger.reconcile(published, calls, failed, faults.all(), Ledger.knownAmbiguous(Set.of(), Set.of()));
    }

    private static void record(CallLog log, String id, long at, Answer answer) {
        log.record(id, at, answer);
    }
}
