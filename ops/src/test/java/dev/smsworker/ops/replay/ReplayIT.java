package dev.smsworker.ops.replay;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Topology;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.failed.FailedMessage;
import dev.smsworker.ops.failed.MessageFilter;
import dev.smsworker.ops.support.Cli;
import dev.smsworker.ops.support.FailedSeed;
import dev.smsworker.ops.support.Queues;
import dev.smsworker.ops.support.WorkerTopology;
import dev.smsworker.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replay against a real broker: a fresh vhost per test with the worker's topology, no worker consuming. */
class ReplayIT {

    static final TestBroker broker = TestBroker.get();
    String vhost;
    Connection connection;
    Channel channel;
    Cli cli;

    @BeforeEach
    void start() throws Exception {
        vhost = broker.createVhost("replay");
        connection = broker.connectionFactory(vhost).newConnection("replay-it");
        channel = connection.createChannel();
        WorkerTopology.declare(channel);
        cli = new Cli(broker, vhost);
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        broker.deleteVhost(vhost);
    }

    @Test
    void replaysOnlyMatchingMessagesUnderTheirOriginalRoutingKeysAndKeepsTheRestInOrder() throws Exception {
        seed(FailedSeed.message("a").errorClass("EXHAUSTED").provider("twilio"),
                FailedSeed.message("b").kind("otp").errorClass("MESSAGE_FATAL").errorCode("invalid-number"),
                FailedSeed.message("c").kind("otp").errorClass("EXHAUSTED").provider("twilio").withoutRoutingKeyHeader(),
                FailedSeed.message("d").kind("marketing").errorClass("EXHAUSTED").provider("vonage"),
                FailedSeed.message("e").kind("marketing").errorClass("EXHAUSTED").provider("twilio"),
                FailedSeed.message("f").errorClass("PROVIDER_FATAL").provider("twilio"));

        Cli.Run run = cli.run("replay", "--error-class", "EXHAUSTED", "--provider", "twilio");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("replayed 3 of 6");
        assertThat(Queues.messageIds(Queues.drain(channel, Topology.SEND_QUEUE))).containsExactly("a", "e");
        List<GetResponse> otp = Queues.drain(channel, Topology.OTP_QUEUE);
        assertThat(Queues.messageIds(otp)).containsExactly("c");
        assertThat(otp.getFirst().getEnvelope().getRoutingKey()).isEqualTo("send.otp");
        assertThat(Queues.messageIds(Queues.drain(channel, Topology.FAILED_QUEUE))).containsExactly("b", "d", "f");
    }

    @Test
    void aReplayedMessageStartsAfreshButKeepsItsBodyIdsAndCorrelationId() throws Exception {
        FailedSeed seed = FailedSeed.message("fresh").correlationId("corr-keep").replayCount(1).withDeathHeaders();
        seed(seed);

        Instant before = Instant.now();
        assertThat(cli.run("replay").exitCode()).isEqualTo(ExitCodes.OK);

        GetResponse replayed = Queues.drain(channel, Topology.SEND_QUEUE).getFirst();
        Map<String, Object> headers = replayed.getProps().getHeaders();
        assertThat(new String(replayed.getBody(), StandardCharsets.UTF_8)).isEqualTo(seed.body());
        assertThat(replayed.getProps().getMessageId()).isEqualTo("fresh");
        assertThat(replayed.getProps().getCorrelationId()).isEqualTo("corr-keep");
        assertThat(replayed.getProps().getDeliveryMode()).isEqualTo(2);
        assertThat(replayed.getProps().getContentType()).isEqualTo("application/json");
        assertThat(Queues.header(replayed, Headers.CORRELATION_ID)).isEqualTo("corr-keep");
        assertThat(Queues.header(replayed, Headers.ROUTING_KEY)).isEqualTo("send.transactional");
        assertThat(Queues.header(replayed, Headers.FIRST_ATTEMPT_AT)).isNotNull();
        assertThat(headers.get(Headers.REPLAY_COUNT)).isEqualTo(2);
        assertThat(Instant.parse(Queues.header(replayed, Headers.REPLAYED_AT))).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(headers).doesNotContainKeys(Headers.ATTEMPT, Headers.ERROR_CLASS, Headers.ERROR_CODE, Headers.ERROR_MESSAGE,
                Headers.PROVIDER, Headers.PROVIDER_ERRORS, Headers.FAILED_AT, Headers.SOURCE_QUEUE,
                "x-death", "x-first-death-queue", "x-first-death-reason", "x-first-death-exchange",
                "x-last-death-queue", "x-last-death-reason", "x-last-death-exchange");
        // The work queue writes its own count on delivery; the failed queue's (raised by every read) is gone.
        assertThat(headers.get("x-delivery-count")).isIn(null, 0L, 0);
        assertThat(channel.messageCount(Topology.FAILED_QUEUE)).isZero();
    }

    @Test
    void aDryRunShowsWhatWouldMoveAndMovesNothing() throws Exception {
        seed(FailedSeed.message("x1"), FailedSeed.message("x2").errorClass("MALFORMED"), FailedSeed.message("x3"));

        Cli.Run run = cli.run("replay", "--dry-run", "--error-class", "EXHAUSTED", "--json");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        JsonNode report = JsonMapper.builder().build().readTree(run.out());
        assertThat(report.get("dryRun").asBoolean()).isTrue();
        assertThat(report.get("moved").asInt()).isEqualTo(2);
        assertThat(report.get("messages").valueStream().map(entry -> entry.get("messageId").asString() + ":" + entry.get("outcome").asString()))
                .containsExactly("x1:would-move", "x3:would-move");
        assertThat(channel.messageCount(Topology.SEND_QUEUE)).isZero();
        assertThat(Queues.peekIds(channel, Topology.FAILED_QUEUE)).containsExactly("x1", "x2", "x3");
        assertThat(cli.run("replay", "--dry-run").out()).contains("would-move", "nothing was changed");
    }

    /** Issue 13: REFUSED (the worker's guard) is a class like any other for filters, dry runs and replays. */
    @Test
    void refusedMessagesAreFilteredByClassAndCodeDryRunThenReplayed() throws Exception {
        seed(FailedSeed.message("r1").kind("marketing").errorClass("REFUSED").errorCode("spend-cap"),
                FailedSeed.message("r2").kind("otp").errorClass("REFUSED").errorCode("velocity-prefix"),
                FailedSeed.message("r3").errorClass("EXHAUSTED"));

        Cli.Run dryRun = cli.run("replay", "--dry-run", "--error-class", "REFUSED", "--error-code", "spend-cap", "--json");
        assertThat(dryRun.exitCode()).as(dryRun.err()).isEqualTo(ExitCodes.OK);
        JsonNode report = JsonMapper.builder().build().readTree(dryRun.out());
        assertThat(report.get("messages").valueStream().map(entry -> entry.get("messageId").asString() + ":" + entry.get("outcome").asString()))
                .containsExactly("r1:would-move");
        assertThat(channel.messageCount(Topology.SEND_QUEUE)).isZero();

        assertThat(cli.run("replay", "--error-class", "REFUSED").exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(Queues.peekIds(channel, Topology.FAILED_QUEUE)).containsExactly("r3");
    }

    @Test
    void limitMovesOnlyTheFirstMatchesInQueueOrder() throws Exception {
        seed(IntStream.range(0, 6).mapToObj(i -> FailedSeed.message("l" + i)).toArray(FailedSeed[]::new));

        Cli.Run run = cli.run("replay", "--limit", "2");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("4 over --limit");
        assertThat(Queues.messageIds(Queues.drain(channel, Topology.SEND_QUEUE))).containsExactly("l0", "l1");
        assertThat(Queues.peekIds(channel, Topology.FAILED_QUEUE)).containsExactly("l2", "l3", "l4", "l5");
    }

    @Test
    void expiredRequestsStayUnlessIncludedAndThenDefaultValidityRestarts() throws Exception {
        Instant now = Instant.now();
        seed(FailedSeed.message("otp-past-expires-at").kind("otp").expiresAt(now.minusSeconds(60)),
                FailedSeed.message("otp-old").kind("otp").firstAttemptAt(now.minus(Duration.ofMinutes(20))),
                FailedSeed.message("otp-fresh").kind("otp").firstAttemptAt(now.minus(Duration.ofMinutes(2))),
                FailedSeed.message("otp-future").kind("otp").expiresAt(now.plusSeconds(600)).firstAttemptAt(now.minus(Duration.ofHours(1))),
                FailedSeed.message("tx-old").firstAttemptAt(now.minus(Duration.ofDays(1))),
                FailedSeed.message("tx-past-expires-at").expiresAt(now.minusSeconds(1)));

        Cli.Run first = cli.run("replay");

        assertThat(first.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(first.out()).contains("replayed 3 of 6", "3 expired");
        assertThat(Queues.messageIds(Queues.drain(channel, Topology.OTP_QUEUE))).containsExactly("otp-fresh", "otp-future");
        assertThat(Queues.messageIds(Queues.drain(channel, Topology.SEND_QUEUE))).containsExactly("tx-old");
        assertThat(Queues.peekIds(channel, Topology.FAILED_QUEUE)).containsExactly("otp-past-expires-at", "otp-old", "tx-past-expires-at");

        Cli.Run included = cli.run("replay", "--include-expired");

        assertThat(included.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(included.err()).contains("3 expired messages were replayed");
        List<GetResponse> otp = Queues.drain(channel, Topology.OTP_QUEUE);
        assertThat(Queues.messageIds(otp)).containsExactly("otp-past-expires-at", "otp-old");
        // Expired only by the worker's default validity: a fresh first attempt, so the worker sends it.
        assertThat(Queues.header(otp.get(1), Headers.FIRST_ATTEMPT_AT)).isNull();
        // Expired by its own expiresAt: the body says so and the worker will fail it again; we keep the record.
        assertThat(Queues.header(otp.get(0), Headers.FIRST_ATTEMPT_AT)).isNotNull();
        assertThat(channel.messageCount(Topology.FAILED_QUEUE)).isZero();
    }

    @Test
    void sinceAndUntilSelectBySmsFailedAt() throws Exception {
        Instant now = Instant.now();
        seed(FailedSeed.message("old").failedAt(now.minus(Duration.ofHours(5))),
                FailedSeed.message("middle").failedAt(now.minus(Duration.ofHours(2))),
                FailedSeed.message("recent").failedAt(now.minus(Duration.ofMinutes(5))));

        Cli.Run run = cli.run("replay", "--since", "3h", "--until", now.minus(Duration.ofHours(1)).toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(Queues.messageIds(Queues.drain(channel, Topology.SEND_QUEUE))).containsExactly("middle");
        assertThat(Queues.peekIds(channel, Topology.FAILED_QUEUE)).containsExactly("old", "recent");
    }

    @Test
    void messageIdsAndKindsSelectToo() throws Exception {
        seed(FailedSeed.message("k1").kind("marketing"), FailedSeed.message("k2").kind("otp"), FailedSeed.message("k3"));

        assertThat(cli.run("replay", "--kind", "otp,marketing", "--message-id", "k1,k3").exitCode()).isEqualTo(ExitCodes.OK);

        assertThat(Queues.messageIds(Queues.drain(channel, Topology.SEND_QUEUE))).containsExactly("k1");
        assertThat(Queues.peekIds(channel, Topology.FAILED_QUEUE)).containsExactly("k2", "k3");
    }

    @Test
    void aPublishTheBrokerRefusesStaysInTheFailedQueueAndTheRunSaysIncomplete() throws Exception {
        channel.queueDeclare("full", true, false, false, Map.of("x-max-length", 0, "x-overflow", "reject-publish"));
        channel.queueBind("full", Topology.EXCHANGE, "send.full");
        seed(FailedSeed.message("ok-1"), FailedSeed.message("refused").routingKey("send.full"), FailedSeed.message("ok-2"));

        Cli.Run run = cli.run("replay");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(run.out()).contains("1 refused by the broker");
        assertThat(Queues.messageIds(Queues.drain(channel, Topology.SEND_QUEUE))).containsExactly("ok-1", "ok-2");
        assertThat(Queues.peekIds(channel, Topology.FAILED_QUEUE)).containsExactly("refused");
    }

    @Test
    void aReplayThatDiesMidWayLosesNothingAndDuplicatesAtMostTwoBatches() throws Exception {
        int total = 300;
        int batch = 50;
        int dieAfter = 120;
        List<FailedSeed> seeds = IntStream.range(0, total).mapToObj(i -> FailedSeed.message(String.format("crash-%03d", i))).toList();
        seed(seeds.toArray(FailedSeed[]::new));
        Connection doomed = broker.connectionFactory(vhost).newConnection("replay-doomed");
        Replayer replayer = new Replayer(Clock.systemUTC(), new Replayer.Listener() {
            @Override
            public void published(FailedMessage message, int publishedSoFar) {
                if (publishedSoFar == dieAfter) {
                    // As if the process died: the socket goes away without a goodbye.
                    doomed.abort();
                }
            }
        });

        assertThatThrownBy(() -> replayer.replay(doomed.createChannel(), ReplayPlan.of(MessageFilter.ALL).withBatchSize(batch)))
                .isInstanceOfAny(IOException.class, com.rabbitmq.client.AlreadyClosedException.class);

        List<String> inSms = Queues.messageIds(Queues.drain(channel, Topology.SEND_QUEUE));
        List<String> inFailed = Queues.messageIds(Queues.drain(channel, Topology.FAILED_QUEUE));
        Set<String> everywhere = new HashSet<>(inSms);
        everywhere.addAll(inFailed);
        Set<String> duplicates = new HashSet<>(inSms);
        duplicates.retainAll(new HashSet<>(inFailed));
        assertThat(everywhere).as("nothing lost").hasSize(total);
        assertThat(inSms).as("no copy published twice").doesNotHaveDuplicates();
        assertThat(replayer.progress().moved()).isEqualTo(100);
        assertThat(inSms).hasSizeBetween(100, dieAfter);
        // In both places: the unconfirmed publishes, and the last confirmed batch if its acks died with the socket.
        assertThat(duplicates).hasSizeLessThanOrEqualTo(dieAfter - 50);
        assertThat(inFailed).as("the rest keep their order").isSorted();
        System.out.printf("crash after %d publishes (batch %d): %d moved and acked, %d in sms, %d in sms.failed, %d in both%n",
                dieAfter, batch, replayer.progress().moved(), inSms.size(), inFailed.size(), duplicates.size());
    }

    @Test
    void twoCopiesOfOneFailedMessageAreReplayedOnceAndTheOtherCopyIsRemoved() throws Exception {
        // A lost ack leaves two copies of one failed message; the same id with another body is another request.
        seed(FailedSeed.message("dup-a"), FailedSeed.message("other"), FailedSeed.message("dup-a"),
                FailedSeed.message("dup-b").text("first text"), FailedSeed.message("dup-b").text("another text"),
                FailedSeed.message("dup-a"));

        Cli.Run run = cli.run("replay", "--message-id", "dup-a,dup-b");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("replayed 2 of 6", "removed 2 other copies", "1 with the id of a replayed message but another body",
                "sms.failed now holds 2");
        assertThat(Queues.messageIds(Queues.drain(channel, Topology.SEND_QUEUE))).containsExactly("dup-a", "dup-b");
        List<GetResponse> left = Queues.drain(channel, Topology.FAILED_QUEUE);
        assertThat(Queues.messageIds(left)).containsExactly("other", "dup-b");
        assertThat(new String(left.get(1).getBody(), StandardCharsets.UTF_8)).contains("another text");
    }

    @Test
    void aCopyReadBeforeTheReplayedOneIsRemovedToo() throws Exception {
        Instant now = Instant.now();
        // The first copy failed 3 h ago and is outside --since; its copy failed again just now.
        FailedSeed early = FailedSeed.message("twice").failedAt(now.minus(Duration.ofHours(3)));
        seed(early, FailedSeed.message("stay").failedAt(now.minus(Duration.ofHours(3))),
                FailedSeed.message("twice").failedAt(now.minusSeconds(5)));

        Cli.Run dryRun = cli.run("replay", "--since", "1h", "--dry-run", "--json");
        Cli.Run run = cli.run("replay", "--since", "1h");

        JsonNode report = JsonMapper.builder().build().readTree(dryRun.out());
        assertThat(report.get("duplicatesRemoved").asInt()).isEqualTo(1);
        assertThat(report.get("notMatching").asInt()).isEqualTo(1);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(Queues.messageIds(Queues.drain(channel, Topology.SEND_QUEUE))).containsExactly("twice");
        assertThat(Queues.messageIds(Queues.drain(channel, Topology.FAILED_QUEUE))).containsExactly("stay");
    }

    @Test
    void aRequestWithoutKindTakesItsLanesKindForFiltersSummaryAndTheOtpGuard() throws Exception {
        Instant now = Instant.now();
        seed(FailedSeed.message("lane-otp-fresh").kind("otp").withoutKindInBody().firstAttemptAt(now.minus(Duration.ofMinutes(1))),
                FailedSeed.message("lane-otp-stale").kind("otp").withoutKindInBody().firstAttemptAt(now.minus(Duration.ofMinutes(20))),
                // No routing key at all: the work queue it failed in says OTP.
                FailedSeed.message("queue-otp-stale").kind("otp").withoutKindInBody().withoutRoutingKeyHeader().routingKey("")
                        .sourceQueue(Topology.OTP_QUEUE).firstAttemptAt(now.minus(Duration.ofMinutes(20))),
                FailedSeed.message("tx").withoutKindInBody());

        Cli.Run summary = cli.run("failed", "summary", "--json");
        Cli.Run run = cli.run("replay", "--kind", "otp");

        JsonNode groups = JsonMapper.builder().build().readTree(summary.out()).get("groups");
        assertThat(groups.valueStream().map(group -> group.get("kind").asString() + "=" + group.get("count").asInt()))
                .containsExactlyInAnyOrder("otp=3", "transactional=1");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("replayed 1 of 4", "2 expired");
        assertThat(Queues.messageIds(Queues.drain(channel, Topology.OTP_QUEUE))).containsExactly("lane-otp-fresh");
        assertThat(Queues.peekIds(channel, Topology.FAILED_QUEUE)).containsExactly("lane-otp-stale", "queue-otp-stale", "tx");
    }

    @Test
    void aMessageTheBrokerExpiredInItsWorkQueueIsNotReplayedUnlessForced() throws Exception {
        // Its own expiresAt is far off, but the publisher's AMQP expiration ran out in sms.send (no worker here).
        String body = "{\"messageId\":\"ttl-1\",\"to\":\"" + FailedSeed.NUMBER + "\",\"body\":\"code 1\","
                + "\"expiresAt\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\"}";
        channel.confirmSelect();
        channel.basicPublish(Topology.EXCHANGE, "send.transactional", new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                .messageId("ttl-1").contentType("application/json").expiration("1").build(), body.getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(10_000);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> channel.messageCount(Topology.FAILED_QUEUE) == 1);

        Cli.Run kept = cli.run("replay");

        assertThat(kept.exitCode()).as(kept.err()).isEqualTo(ExitCodes.OK);
        assertThat(kept.out()).contains("replayed 0 of 1", "1 expired");
        assertThat(channel.messageCount(Topology.SEND_QUEUE)).isZero();

        Cli.Run forced = cli.run("replay", "--include-expired");

        assertThat(forced.out()).contains("replayed 1 of 1");
        GetResponse replayed = Queues.drain(channel, Topology.SEND_QUEUE).getFirst();
        assertThat(replayed.getProps().getExpiration()).as("not expired again on its way").isNull();
    }

    @Test
    void messagesThatMayHaveReachedTheHandsetStayUnlessIncluded() throws Exception {
        seed(FailedSeed.message("maybe").header(Headers.MAYBE_DELIVERED, "twilio:timeout-after-write"), FailedSeed.message("plain"));

        Cli.Run run = cli.run("replay");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("replayed 1 of 2", "1 maybe delivered");
        assertThat(run.err()).contains("1 messages may have reached the handset");
        assertThat(Queues.messageIds(Queues.drain(channel, Topology.SEND_QUEUE))).containsExactly("plain");
        assertThat(cli.run("failed", "show", "maybe").out()).contains("MAYBE DELIVERED: twilio:timeout-after-write");
        assertThat(cli.run("failed", "summary").out()).contains("1 may have reached the handset already");

        Cli.Run included = cli.run("replay", "--include-maybe-delivered");

        assertThat(included.out()).contains("replayed 1 of 1");
        GetResponse replayed = Queues.drain(channel, Topology.SEND_QUEUE).getFirst();
        assertThat(Queues.header(replayed, Headers.MAYBE_DELIVERED)).as("kept for the worker").isEqualTo("twilio:timeout-after-write");
    }

    private void seed(FailedSeed... seeds) throws Exception {
        FailedSeed.publish(channel, new ArrayList<>(List.of(seeds)));
    }
}
