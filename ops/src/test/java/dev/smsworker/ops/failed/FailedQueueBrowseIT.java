package dev.smsworker.ops.failed;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading sms.failed (summary, list, show) on a real broker must leave every message where it was. */
class FailedQueueBrowseIT {

    static final TestBroker broker = TestBroker.get();
    static final JsonMapper JSON = JsonMapper.builder().build();
    String vhost;
    Connection connection;
    Channel channel;
    Cli cli;

    @BeforeEach
    void start() throws Exception {
        vhost = broker.createVhost("browse");
        connection = broker.connectionFactory(vhost).newConnection("browse-it");
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
    void readingTheQueueKeepsEveryMessageInItsOrder() throws Exception {
        List<FailedSeed> seeds = IntStream.range(0, 40).mapToObj(i -> FailedSeed.message(String.format("keep-%02d", i))
                .errorClass(i % 3 == 0 ? "EXHAUSTED" : "MESSAGE_FATAL")).toList();
        FailedSeed.publish(channel, seeds);

        assertThat(cli.run("failed", "summary").exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(cli.run("failed", "list", "--limit", "3").exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(cli.run("failed", "show", "keep-07").exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(cli.run("failed", "summary", "--error-class", "EXHAUSTED").exitCode()).isEqualTo(ExitCodes.OK);

        List<GetResponse> after = Queues.drain(channel, Topology.FAILED_QUEUE);
        assertThat(Queues.messageIds(after)).containsExactlyElementsOf(seeds.stream().map(seed -> seed.properties().getMessageId()).toList());
        // Measured, not assumed: each read is a delivery to a quorum queue (3.10 counts requeues in x-delivery-count).
        System.out.println("broker " + broker.version() + ": x-delivery-count after 4 reads = "
                + Queues.header(after.getFirst(), "x-delivery-count"));
    }

    @Test
    void aQuorumQueueRequeuesAReadPrefixBehindTheUnreadRestSoScansReadToTheEnd() throws Exception {
        FailedSeed.publish(channel, IntStream.range(0, 6).mapToObj(i -> FailedSeed.message("q" + i)).toList());

        long last = 0;
        for (int i = 0; i < 2; i++) {
            last = channel.basicGet(Topology.FAILED_QUEUE, false).getEnvelope().getDeliveryTag();
        }
        channel.basicNack(last, true, true);
        List<String> afterPartialRead = Queues.peekIds(channel, Topology.FAILED_QUEUE);

        // The behaviour FailedQueueScan is built around; if a broker keeps the order, the scan is merely thorough.
        System.out.println("broker " + broker.version() + ": after reading 2 of 6 and requeueing: " + afterPartialRead);
        assertThat(afterPartialRead).containsExactlyInAnyOrder("q0", "q1", "q2", "q3", "q4", "q5");
        assertThat(Queues.peekIds(channel, Topology.FAILED_QUEUE)).as("a full read and requeue keeps the order")
                .containsExactlyElementsOf(afterPartialRead);
    }

    @Test
    void summaryGroupsByErrorClassCodeProviderAndKindWithOldestAndNewest() throws Exception {
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        FailedSeed.publish(channel, List.of(
                FailedSeed.message("s1").errorClass("EXHAUSTED").errorCode("503").provider("twilio").failedAt(t0.plusSeconds(60)),
                FailedSeed.message("s2").errorClass("EXHAUSTED").errorCode("503").provider("twilio").failedAt(t0),
                FailedSeed.message("s3").errorClass("EXHAUSTED").errorCode("503").provider("twilio").failedAt(t0.plusSeconds(30)),
                FailedSeed.message("s4").kind("otp").errorClass("EXHAUSTED").errorCode("503").provider("twilio").failedAt(t0),
                FailedSeed.message("s5").errorClass("MESSAGE_FATAL").errorCode("21211").provider("twilio").failedAt(t0),
                FailedSeed.message("s6").errorClass("MESSAGE_FATAL").errorCode("21211").provider("vonage").failedAt(t0),
                FailedSeed.message("s7").errorClass("MALFORMED").errorCode("invalid-json").provider("none").rawBody("{not json").failedAt(t0)));

        Cli.Run run = cli.run("failed", "summary", "--json");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        JsonNode summary = JSON.readTree(run.out());
        assertThat(summary.get("matched").asInt()).isEqualTo(7);
        JsonNode biggest = summary.get("groups").get(0);
        assertThat(biggest.get("errorClass").asString()).isEqualTo("EXHAUSTED");
        assertThat(biggest.get("kind").asString()).isEqualTo("transactional");
        assertThat(biggest.get("count").asInt()).isEqualTo(3);
        assertThat(biggest.get("oldest").asString()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(biggest.get("newest").asString()).isEqualTo("2026-03-01T10:01:00Z");
        assertThat(summary.get("groups").valueStream().map(group -> group.get("errorClass").asString() + "/"
                + group.get("errorCode").asString() + "/" + group.get("provider").asString() + "/" + group.path("kind").asString("?")
                + "=" + group.get("count").asInt()))
                .containsExactly("EXHAUSTED/503/twilio/transactional=3", "EXHAUSTED/503/twilio/otp=1",
                        "MALFORMED/invalid-json/none/transactional=1",
                        "MESSAGE_FATAL/21211/twilio/transactional=1", "MESSAGE_FATAL/21211/vonage/transactional=1");

        Cli.Run text = cli.run("failed", "summary", "--kind", "transactional", "--provider", "twilio");
        assertThat(text.out()).contains("ERROR CLASS", "EXHAUSTED", "503", "2026-03-01T10:01:00Z", "4 of 7 messages in sms.failed match");
    }

    @Test
    void listMasksNumbersAndHidesTextsUnlessAsked() throws Exception {
        FailedSeed.publish(channel, List.of(FailedSeed.message("secret").text("your code is 424242")));

        Cli.Run plain = cli.run("failed", "list");
        Cli.Run json = cli.run("failed", "list", "--json");
        Cli.Run withBody = cli.run("failed", "list", "--show-body");

        assertThat(plain.out()).contains("secret", "+47******67", "EXHAUSTED", "corr-secret").doesNotContain("424242", "+4791234567");
        assertThat(json.out()).contains("\"to\" : \"+47******67\"", "\"bodyChars\" : 19").doesNotContain("424242", "+4791234567");
        assertThat(withBody.out()).contains("your code is 424242").doesNotContain("+4791234567");
    }

    @Test
    void showPrintsEveryPropertyAndHeaderAndSaysWhenNothingMatches() throws Exception {
        FailedSeed.publish(channel, List.of(FailedSeed.message("other"), FailedSeed.message("wanted").kind("otp").withDeathHeaders()
                .text("code 999111").failedAt(Instant.now().minus(Duration.ofMinutes(1)))));

        Cli.Run shown = cli.run("failed", "show", "wanted");
        Cli.Run missing = cli.run("failed", "show", "nope");

        assertThat(shown.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(shown.out()).contains("position 1", "routing key send.otp", "message-id", "correlation-id", "corr-wanted",
                "sms-attempt", "sms-error-class", "sms-error-code", "sms-error-message", "sms-provider", "sms-provider-errors",
                "sms-failed-at", "sms-first-attempt-at", "sms-source-queue", "sms-routing-key", "x-death", "x-first-death-queue",
                "\"to\":\"+47******67\"", "hidden; --show-body").doesNotContain("999111", "+4791234567");
        assertThat(cli.run("failed", "show", "wanted", "--show-body").out()).contains("code 999111");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err()).contains("no message with id nope");
        assertThat(Queues.peekIds(channel, Topology.FAILED_QUEUE)).containsExactly("other", "wanted");
    }

    @Test
    void aMissingQueueIsABrokerErrorInOneLine() {
        String empty = broker.createVhost("browse-empty");
        try {
            Cli.Run run = new Cli(broker, empty).run("failed", "summary");
            assertThat(run.exitCode()).isEqualTo(ExitCodes.BROKER);
            assertThat(run.err()).contains("no queue 'sms.failed'").doesNotContain("at com.rabbitmq");
        } finally {
            broker.deleteVhost(empty);
        }
    }

    @Test
    void aLongReadShowsProgressOnStderrWhenAsked() throws Exception {
        List<FailedSeed> seeds = new ArrayList<>();
        IntStream.range(0, 250).forEach(i -> seeds.add(FailedSeed.message("many-" + i)));
        FailedSeed.publish(channel, seeds);

        Cli.Run run = cli.run("failed", "summary", "--progress");

        assertThat(run.out()).contains("250 of 250 messages");
        assertThat(run.err()).contains("reading sms.failed [", "250/250");
        assertThat(channel.messageCount(Topology.FAILED_QUEUE)).isEqualTo(250);
    }
    @Test
    void whatAPublisherWroteReachesTheTerminalAsTextInEveryCommand() throws Exception {
        // Clear the screen, set the window title, an 8-bit CSI, a bidi override, a zero-width space.
        String attack = "\u001b[2J\u001b[HALL CLEAR\u001b]0;pwned\u0007\u009b31m\u202egnp.exe\u200b\nline";
        String id = "evil\u001b[31m";
        FailedSeed.publish(channel, List.of(FailedSeed.message(id).errorCode("503" + attack).provider("twilio" + attack)
                .correlationId("corr" + attack).header("x-note", attack).header(dev.smsworker.contracts.Headers.MAYBE_DELIVERED, "twilio:" + attack)
                .text(attack)));

        List<Cli.Run> runs = List.of(cli.run("failed", "show", id), cli.run("failed", "show", id, "--show-body"),
                cli.run("failed", "list"), cli.run("failed", "list", "--show-body"), cli.run("failed", "summary"),
                cli.run("replay", "--dry-run", "--include-maybe-delivered"), cli.run("replay"), cli.run("purge", "--all", "--dry-run"));

        for (Cli.Run run : runs) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
            assertThat(unsafe(run.out() + run.err())).as(run.out()).isEmpty();
        }
        assertThat(runs.getFirst().out()).contains("\\x1b[2J\\x1b[HALL CLEAR\\x1b]0;pwned\\x07\\u009b31m\\u202egnp.exe");

        Cli.Run json = cli.run("failed", "show", id, "--json", "--show-body");
        assertThat(unsafe(json.out())).isEmpty();
        JsonNode shown = JSON.readTree(json.out()).get(0);
        assertThat(shown.get("headers").get("x-note").asString()).as("JSON keeps the value, escaped the JSON way").isEqualTo(attack);
        assertThat(shown.get("properties").get("message-id").asString()).isEqualTo(id);
    }

    /** Characters a terminal acts on: C0 (but the line ends we print), DEL, C1, format characters. */
    private static List<String> unsafe(String output) {
        return output.codePoints()
                .filter(c -> c != '\n' && (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.getType(c) == Character.FORMAT))
                .mapToObj(c -> String.format("U+%04X", c)).toList();
    }
}
