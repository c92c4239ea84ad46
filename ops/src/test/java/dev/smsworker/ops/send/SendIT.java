package dev.smsworker.ops.send;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Topology;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.support.Cli;
import dev.smsworker.ops.support.Queues;
import dev.smsworker.ops.support.WorkerTopology;
import dev.smsworker.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** send publishes what a publisher would, into the right lane, and says when the broker did not take it. */
class SendIT {

    static final TestBroker broker = TestBroker.get();
    static String vhost;
    static Connection connection;
    static Channel channel;
    static Cli cli;

    @BeforeAll
    static void start() throws Exception {
        vhost = broker.createVhost("send");
        connection = broker.connectionFactory(vhost).newConnection("send-it");
        channel = connection.createChannel();
        WorkerTopology.declare(channel);
        cli = new Cli(broker, vhost);
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        broker.deleteVhost(vhost);
    }

    @Test
    void anOtpGoesToTheOtpLaneWithItsIdsExpiryAndTags() throws Exception {
        Instant before = Instant.now();
        Cli.Run run = cli.run("send", "--to", "+4791234567", "--body", "code 123456", "--kind", "otp",
                "--message-id", "send-1", "--correlation-id", "corr-send-1", "--expires-in", "5m", "--tag", "team=ops");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("messageId=send-1", "correlationId=corr-send-1", "routingKey=send.otp", "+47******67")
                .doesNotContain("+4791234567");
        GetResponse sent = channel.basicGet(Topology.OTP_QUEUE, true);
        assertThat(sent.getProps().getMessageId()).isEqualTo("send-1");
        assertThat(Queues.header(sent, Headers.CORRELATION_ID)).isEqualTo("corr-send-1");
        JsonNode body = JsonMapper.builder().build().readTree(sent.getBody());
        assertThat(body.get("kind").asString()).isEqualTo("otp");
        assertThat(body.get("tags").get("team").asString()).isEqualTo("ops");
        assertThat(Instant.parse(body.get("expiresAt").asString())).isBetween(before.plusSeconds(299), Instant.now().plusSeconds(301));
    }

    @Test
    void withoutIdsItMakesThemUpAndPrintsThemAsJson() throws Exception {
        Cli.Run run = cli.run("send", "--to", "+4791234567", "--body", "hello", "--json");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        JsonNode result = JsonMapper.builder().build().readTree(run.out());
        assertThat(result.get("outcome").asString()).isEqualTo("confirmed");
        String messageId = result.get("result").get("messageId").asString();
        assertThat(channel.basicGet(Topology.SEND_QUEUE, true).getProps().getMessageId()).isEqualTo(messageId);
    }

    @Test
    void aNumberThatIsNotE164IsAUsageErrorAndNothingIsSent() throws Exception {
        Cli.Run run = cli.run("send", "--to", "004791234567", "--body", "hello");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("E.164", "--no-validate");
        assertThat(channel.messageCount(Topology.SEND_QUEUE)).isZero();
    }

    /** Guards issue 15: the README's failed example (+47123) could not be sent to see the worker fail it. */
    @Test
    void withNoValidateAnInvalidNumberIsPublishedAsGivenForTheWorkerToFail() throws Exception {
        Cli.Run run = cli.run("send", "--to", "+47123", "--body", "x", "--no-validate", "--message-id", "send-invalid");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        GetResponse sent = channel.basicGet(Topology.SEND_QUEUE, true);
        assertThat(sent.getProps().getMessageId()).isEqualTo("send-invalid");
        JsonNode body = JsonMapper.builder().build().readTree(sent.getBody());
        assertThat(body.get("to").asString()).isEqualTo("+47123");
        assertThat(body.get("body").asString()).isEqualTo("x");
    }

    @Test
    void anUnroutableRequestIsReportedAsABrokerError() throws Exception {
        String bare = broker.createVhost("send-bare");
        try (Connection other = broker.connectionFactory(bare).newConnection()) {
            // An sms exchange without bindings or alternate exchange: the topology is not there.
            other.createChannel().exchangeDeclare(Topology.EXCHANGE, BuiltinExchangeType.TOPIC, true);

            Cli.Run run = cli.run("send", "--to", "+4791234567", "--body", "hello", "--vhost", bare);

            assertThat(run.exitCode()).isEqualTo(ExitCodes.BROKER);
            assertThat(run.err()).contains("unroutable", "send.transactional");
        } finally {
            broker.deleteVhost(bare);
        }
    }
}
