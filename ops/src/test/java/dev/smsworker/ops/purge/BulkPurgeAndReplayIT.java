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

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a purge or replay reports is what the broker applied. Guards the field report "deleted 4234 of
 * 4234" with 1,367 still in sms.failed: a quorum queue's channel dropped acks it had buffered (more than
 * 256 in flight) when the connection closed, and the broker handed those messages back.
 */
class BulkPurgeAndReplayIT {

    static final int TOTAL = 5_000;
    static final TestBroker broker = TestBroker.get();
    String vhost;
    Connection connection;
    Channel channel;
    Cli cli;

    @BeforeEach
    void start() throws Exception {
        vhost = broker.createVhost("bulk");
        connection = broker.connectionFactory(vhost).newConnection("bulk-it");
        channel = connection.createChannel();
        WorkerTopology.declare(channel);
        cli = new Cli(broker, vhost);
        // Every third one MALFORMED; 20 KB bodies keep the broker busy enough for acks to pile up.
        FailedSeed.publish(channel, IntStream.range(0, TOTAL).mapToObj(i -> FailedSeed.message("bulk-" + i)
                .errorClass(i % 3 == 0 ? "MALFORMED" : "EXHAUSTED").text("x".repeat(20_000))).toList());
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        broker.deleteVhost(vhost);
    }

    @Test
    void aReplayAndAPurgeOfThousandsLeaveExactlyWhatTheyReport() throws Exception {
        Cli.Run replay = cli.run("replay", "--error-class", "MALFORMED", "--batch", "1000");

        assertThat(replay.exitCode()).as(replay.err()).isEqualTo(ExitCodes.OK);
        assertThat(replay.out()).contains("replayed 1667 of 5000", "sms.failed now holds 3333");
        assertThat(settledIds(Topology.SEND_QUEUE)).hasSize(1667);

        Cli.Run purge = cli.run("purge", "--error-class", "EXHAUSTED", "--yes");

        assertThat(purge.exitCode()).as(purge.err()).isEqualTo(ExitCodes.OK);
        assertThat(purge.out()).contains("deleted 3333 of 3333", "sms.failed now holds 0");
        assertThat(settledIds(Topology.FAILED_QUEUE)).as("left in sms.failed after the purge").isEmpty();
    }

    /**
     * Takes every message from {@code queue}, then checks for a while that no more come back: messages
     * whose acks the broker dropped return asynchronously after the command's connection closed.
     */
    private Set<String> settledIds(String queue) throws IOException {
        Set<String> ids = new HashSet<>(Queues.messageIds(Queues.drain(channel, queue)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).until(() -> {
            List<String> late = Queues.messageIds(Queues.drain(channel, queue));
            ids.addAll(late);
            return late.isEmpty();
        });
        return ids;
    }
}
