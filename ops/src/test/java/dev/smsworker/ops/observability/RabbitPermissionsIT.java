package dev.smsworker.ops.observability;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.smsworker.contracts.Topology;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.OpsEnvironment;
import dev.smsworker.ops.SmsOps;
import dev.smsworker.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * ops/rabbitmq/definitions.json imports as shipped into a real broker (RabbitMQ 3.10 here; it rejected the
 * former {@code delivery-limit: -1}), what it sets is what the worker expects, and each user's permissions
 * let it do its job and nothing more. Runs in a throwaway vhost with throwaway users that get the
 * permissions of sms-publisher, sms-ops and sms-monitoring from users.json (the worker's: VerifyModeIT).
 */
class RabbitPermissionsIT {

    private static TestBroker broker;
    private static String vhost;
    private static final List<TestBroker.User> users = new ArrayList<>();
    private static TestBroker.User publisher;
    private static TestBroker.User ops;
    private static TestBroker.User monitoring;

    @BeforeAll
    static void importDefinitionsAndCreateUsers() {
        broker = TestBroker.local();
        vhost = broker.createVhost("perms");
        broker.importDefinitions(vhost, VhostDefinitions.asShipped());
        publisher = user("publisher", "sms-publisher");
        ops = user("ops", "sms-ops");
        monitoring = user("monitoring", "sms-monitoring");
    }

    @AfterAll
    static void cleanUp() {
        users.forEach(broker::deleteUser);
        if (vhost != null) {
            broker.deleteVhost(vhost);
        }
    }

    @Test
    void importedQueuesHaveTheirPolicies() {
        assertThat(broker.queue(vhost, Topology.SEND_QUEUE).path("arguments").path("x-dead-letter-exchange").asString())
                .isEqualTo(Topology.FAILED_EXCHANGE);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(broker.queue(vhost, Topology.OTP_QUEUE).path("policy").asString()).isEqualTo("sms-work-queues"));
    }

    @Test
    void theShippedTopologyAndPoliciesAreWhatTheWorkerExpects() {
        // Policies show on a queue after the management API's next statistics round (5 s by default).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(broker.queue(vhost, Topology.FAILED_QUEUE).path("policy").asString()).isEqualTo("sms-failed-keep"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        OpsEnvironment environment = new OpsEnvironment(Map.of(), new BufferedReader(new StringReader("")), false, Clock.systemUTC());

        int exit = SmsOps.commandLine(environment).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("doctor", "--host", TestBroker.HOST, "--vhost", vhost);

        assertThat(exit).as(out + " " + err).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("no drift");
    }

    @Test
    void publisherPublishesRequestsButCanNotReachFailedMessagesOrWorkQueues() throws Exception {
        try (Connection connection = broker.connect(vhost, publisher)) {
            publishConfirmed(connection, Topology.EXCHANGE, "send.otp");
            assertRefused(connection, channel -> channel.basicPublish(Topology.FAILED_EXCHANGE, "", null, body()));
            assertRefused(connection, channel -> channel.basicGet(Topology.SEND_QUEUE, false));
            assertRefused(connection, channel -> channel.queueDeclare("mine", true, false, false, null));
        }
    }

    @Test
    void opsReadsFailedMessagesReplaysThemAndWatchesEventsButCanNotTakeWork() throws Exception {
        try (Connection connection = broker.connect(vhost, ops)) {
            Channel channel = connection.createChannel();
            channel.basicGet(Topology.FAILED_QUEUE, false);
            publishConfirmed(connection, Topology.EXCHANGE, "send.transactional");
            String events = channel.queueDeclare().getQueue();
            channel.queueBind(events, Topology.EVENTS_EXCHANGE, "#");
            assertRefused(connection, c -> c.basicGet(Topology.SEND_QUEUE, false));
            assertRefused(connection, c -> c.basicGet(Topology.OTP_QUEUE, false));
            assertRefused(connection, c -> c.basicPublish(Topology.FAILED_EXCHANGE, "", null, body()));
            // Not refusable: RabbitMQ lets whoever may read a queue also purge it (sms-ops purge relies on it).
        }
    }

    @Test
    void monitoringCanConnectButNotReadOrWrite() throws Exception {
        try (Connection connection = broker.connect(vhost, monitoring)) {
            assertRefused(connection, channel -> channel.basicGet(Topology.FAILED_QUEUE, false));
            assertRefused(connection, channel -> channel.basicPublish(Topology.EXCHANGE, "send.otp", null, body()));
        }
    }

    private static TestBroker.User user(String role, String definitionsUser) {
        TestBroker.User user = broker.createUser(role, vhost, VhostDefinitions.permission(definitionsUser));
        users.add(user);
        return user;
    }

    private static void publishConfirmed(Connection connection, String exchange, String routingKey) throws Exception {
        Channel channel = connection.createChannel();
        channel.confirmSelect();
        channel.basicPublish(exchange, routingKey, new AMQP.BasicProperties.Builder().contentType("application/json").build(), body());
        channel.waitForConfirmsOrDie(5_000);
        channel.close();
    }

    /** The broker answers an action it forbids by closing the channel with 403 ACCESS_REFUSED. */
    private static void assertRefused(Connection connection, ChannelAction action) throws IOException {
        Channel channel = connection.createChannel();
        assertThatThrownBy(() -> {
            action.run(channel);
            // A publish is asynchronous: a round trip makes the broker's refusal arrive.
            channel.basicQos(1);
        }).hasStackTraceContaining("ACCESS_REFUSED");
    }

    private static byte[] body() {
        return "{\"to\":\"+4791234567\",\"body\":\"permission test\"}".getBytes(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface ChannelAction {
        void run(Channel channel) throws Exception;
    }
}
