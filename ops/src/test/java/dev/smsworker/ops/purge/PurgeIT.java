package dev.smsworker.ops.purge;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.smsworker.contracts.Topology;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.support.Cli;
import dev.smsworker.ops.support.FailedSeed;
import dev.smsworker.ops.support.Queues;
import dev.smsworker.ops.support.WorkerTopology;
import dev.smsworker.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Purge on a real broker: only what matched and was confirmed goes; the rest stays in order. */
class PurgeIT {

    static final TestBroker broker = TestBroker.get();
    String vhost;
    Connection connection;
    Channel channel;
    Cli cli;

    @BeforeEach
    void start() throws Exception {
        vhost = broker.createVhost("purge");
        connection = broker.connectionFactory(vhost).newConnection("purge-it");
        channel = connection.createChannel();
        WorkerTopology.declare(channel);
        cli = new Cli(broker, vhost);
        FailedSeed.publish(channel, List.of(
                FailedSeed.message("p1").errorClass("MALFORMED").errorCode("invalid-json"),
                FailedSeed.message("p2").errorClass("EXHAUSTED"),
                FailedSeed.message("p3").errorClass("MALFORMED").errorCode("invalid-json"),
                FailedSeed.message("p4").errorClass("EXHAUSTED")));
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        broker.deleteVhost(vhost);
    }

    @Test
    void purgeWithYesDeletesOnlyMatchingMessagesAndKeepsTheOrderOfTheRest() throws Exception {
        Cli.Run run = cli.run("purge", "--error-class", "MALFORMED", "--yes");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("deleted 2 of 4");
        assertThat(Queues.peekIds(channel, Topology.FAILED_QUEUE)).containsExactly("p2", "p4");
    }

    @Test
    void aConfirmedPromptDeletesAndADeclinedOneKeepsEverything() throws Exception {
        Cli.Run declined = cli.typing("no\n").run("purge", "--error-code", "invalid-json");

        assertThat(declined.exitCode()).isEqualTo(ExitCodes.ABORTED);
        assertThat(declined.out()).contains("MALFORMED", "Delete these 2 messages", "declined");
        assertThat(Queues.peekIds(channel, Topology.FAILED_QUEUE)).containsExactly("p1", "p2", "p3", "p4");

        Cli.Run confirmed = cli.typing("yes\n").run("purge", "--error-code", "invalid-json", "--limit", "1");

        assertThat(confirmed.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(Queues.peekIds(channel, Topology.FAILED_QUEUE)).containsExactly("p2", "p3", "p4");
    }

    @Test
    void withoutATerminalOrAFilterPurgeRefusesToGuess() throws Exception {
        Cli.Run noTerminal = cli.run("purge", "--error-class", "EXHAUSTED");
        Cli.Run noFilter = cli.run("purge", "--yes");
        Cli.Run dryRun = cli.run("purge", "--all", "--dry-run");

        assertThat(noTerminal.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTerminal.err()).contains("--yes");
        assertThat(noFilter.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noFilter.err()).contains("--all");
        assertThat(dryRun.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(dryRun.out()).contains("would delete 4 of 4");
        assertThat(Queues.peekIds(channel, Topology.FAILED_QUEUE)).containsExactly("p1", "p2", "p3", "p4");
    }
}
