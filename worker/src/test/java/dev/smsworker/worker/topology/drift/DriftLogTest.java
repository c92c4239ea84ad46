package dev.smsworker.worker.topology.drift;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.smsworker.contracts.topology.Drift;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One line per change, not one per check. */
class DriftLogTest {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.smsworker.worker.topology.drift");
    private final DriftLog log = new DriftLog();
    private final Drift capped = new Drift("sms.failed", "max-length", "none", "2", "operator policy cap", true);

    @BeforeEach
    void attach() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
    }

    @Test
    void aDriftIsLoggedWhenItAppearsChangesAndClearsOnly() {
        log.checked(List.of(capped));
        log.checked(List.of(capped));
        log.checked(List.of(new Drift("sms.failed", "max-length", "none", "5", "operator policy cap", true)));
        log.checked(List.of());
        log.checked(List.of());

        assertThat(lines()).containsExactly(
                "WARN topology drift: queue sms.failed setting max-length expected none actual 2 (from operator policy cap); this can lose or delay messages",
                "WARN topology drift: queue sms.failed setting max-length expected none actual 5 (from operator policy cap); this can lose or delay messages",
                "INFO topology drift cleared: queue sms.failed setting max-length is none again");
    }

    @Test
    void anUnreadableBrokerIsLoggedOnceUntilItCanBeReadAgain() {
        log.unavailable("refused the login (401)");
        log.unavailable("refused the login (401)");
        log.unavailable("refused the login (401)");
        log.checked(List.of());
        log.unavailable("refused the login (401)");

        assertThat(lines()).containsExactly(
                "WARN drift check unavailable: refused the login (401); the worker keeps serving and retries quietly",
                "INFO drift check available again",
                "WARN drift check unavailable: refused the login (401); the worker keeps serving and retries quietly");
    }

    private List<String> lines() {
        return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }
}
