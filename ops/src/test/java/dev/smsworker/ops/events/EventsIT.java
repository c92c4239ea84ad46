package dev.smsworker.ops.events;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.smsworker.contracts.Topology;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.OpsEnvironment;
import dev.smsworker.ops.SmsOps;
import dev.smsworker.ops.support.WorkerTopology;
import dev.smsworker.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code sms-ops events} shows what the worker publishes to sms.events, one escaped line each.
 * Guards issue 15: the README promised a {@code sent} event, and a newcomer had nothing bound to see it.
 */
class EventsIT {

    static final TestBroker broker = TestBroker.get();
    static String vhost;
    static Connection connection;
    static Channel channel;

    @BeforeAll
    static void start() throws Exception {
        vhost = broker.createVhost("events");
        connection = broker.connectionFactory(vhost).newConnection("events-it");
        channel = connection.createChannel();
        WorkerTopology.declare(channel);
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        broker.deleteVhost(vhost);
    }

    /** Runs sms-ops events in the background; the future completes with the exit code. */
    record Watch(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
        void awaitBound() {
            await().atMost(Duration.ofSeconds(30)).until(() -> err.toString().contains("watching") || exit.isDone());
            assertThat(exit).as(err.toString()).isNotDone();
        }
    }

    static Watch watch(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("events"));
        all.addAll(List.of(args));
        all.addAll(List.of("--host", broker.host, "--port", String.valueOf(broker.amqpPort), "--vhost", vhost));
        OpsEnvironment environment = new OpsEnvironment(Map.of(), new BufferedReader(new StringReader("")), false, Clock.systemUTC());
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> SmsOps.commandLine(environment)
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new)));
        return new Watch(exit, out, err);
    }

    static void event(String type, String json) throws Exception {
        channel.basicPublish(Topology.EVENTS_EXCHANGE, type, new AMQP.BasicProperties.Builder().contentType("application/json").build(),
                json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void followPrintsEachEventOfTheCorrelationIdAsOneEscapedLine() throws Exception {
        Watch watch = watch("--follow", "--count", "2", "--correlation-id", "corr-1");
        watch.awaitBound();

        event("sent", "{\"type\":\"sent\",\"messageId\":\"m-1\",\"correlationId\":\"corr-1\",\"kind\":\"otp\",\"attempt\":1,"
                + "\"provider\":\"simulator\",\"providerMessageId\":\"SM\\u001b[2Jx y\",\"at\":\"2026-11-30T02:00:00Z\"}");
        event("retrying", "{\"type\":\"retrying\",\"messageId\":\"m-2\",\"correlationId\":\"someone-else\",\"attempt\":1}");
        event("failed", "{\"type\":\"failed\",\"messageId\":\"m-1\",\"correlationId\":\"corr-1\",\"attempt\":2,"
                + "\"errorClass\":\"MESSAGE_FATAL\",\"errorCode\":\"invalid-number\",\"at\":\"2026-11-30T02:00:01Z\"}");

        assertThat(watch.exit().get()).as(watch.err().toString()).isEqualTo(ExitCodes.OK);
        assertThat(watch.out().toString().lines()).containsExactly(
                "2026-11-30T02:00:00Z sent messageId=m-1 correlationId=corr-1 kind=otp attempt=1 provider=simulator "
                        + "providerMessageId=\"SM\\x1b[2Jx y\"",
                "2026-11-30T02:00:01Z failed messageId=m-1 correlationId=corr-1 attempt=2 errorClass=MESSAGE_FATAL errorCode=invalid-number");
        assertThat(watch.out().toString()).doesNotContain("\u001b");
    }

    @Test
    void aTypeFilterBindsOnlyThatTypeAndJsonIsOneLine() throws Exception {
        Watch watch = watch("--type", "failed", "--json");
        watch.awaitBound();

        event("sent", "{\"type\":\"sent\",\"messageId\":\"m-3\"}");
        event("failed", "{\n  \"type\": \"failed\",\n  \"messageId\": \"m-4\"\n}");

        assertThat(watch.exit().get()).isEqualTo(ExitCodes.OK);
        assertThat(watch.out().toString()).isEqualTo("{\"type\":\"failed\",\"messageId\":\"m-4\"}" + System.lineSeparator());
    }

    @Test
    void withoutEventsItGivesUpAfterTheTimeoutAndLeavesNoQueueBehind() throws Exception {
        Watch watch = watch("--timeout", "1s");

        assertThat(watch.exit().get()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(watch.err().toString()).contains("0 of 1 events within 1s");
        // Nothing else is bound to sms.events here: an event published as mandatory now comes back
        // unroutable only if the command's temporary queue went away with it.
        assertThat(routable("sent")).isFalse();
    }

    private static boolean routable(String type) throws Exception {
        try (Channel probe = connection.createChannel()) {
            AtomicBoolean returned = new AtomicBoolean();
            probe.addReturnListener(r -> returned.set(true));
            probe.confirmSelect();
            probe.basicPublish(Topology.EVENTS_EXCHANGE, type, true, new AMQP.BasicProperties(), "{}".getBytes(StandardCharsets.UTF_8));
            probe.waitForConfirmsOrDie(10_000);
            return !returned.get();
        }
    }
}
