package dev.smsworker.contracts;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.smsworker.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The publisher examples in {@code examples/node} (amqplib) and {@code examples/python} (pika), run as the
 * processes a monolith would run, against the real broker in a vhost of their own with a minimal {@code sms}
 * exchange: what they publish must validate against {@code sms-request.schema.json} and carry the ids and
 * properties the worker reads, and a request no queue takes (basic.return) or the broker refuses
 * (basic.nack) must end in a non-zero exit. A missing node, amqplib or pika fails these tests (bin/test
 * installs them), it never skips them.
 */
class PublisherExamplesIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Schema REQUEST_SCHEMA = schema("sms-request.schema.json");
    private static final Schema FEEDBACK_SCHEMA = schema("conversion-feedback.schema.json");
    private static final Path EXAMPLES = examplesFolder();
    /** A process that has not exited by then hangs; a slow machine finishes far earlier. */
    private static final long PROCESS_TIMEOUT_SECONDS = 120;

    static TestBroker broker;
    static String vhost;
    static Connection connection;
    static Channel channel;

    /** How to run each example; the Python one uses Debian's interpreter, where python3-pika lives. */
    enum Example {
        NODE {
            @Override
            List<String> command() {
                return List.of("node", EXAMPLES.resolve("node/publish.js").toString());
            }

            @Override
            void requireInstalled() {
                requireRuns("node is not installed (bin/test expects Node.js 18+ on the PATH)", "node", "--version");
                if (!Files.isDirectory(EXAMPLES.resolve("node/node_modules/amqplib"))) {
                    fail("amqplib is not installed in examples/node: run `npm ci` there (bin/test does)");
                }
            }
        },
        PYTHON {
            @Override
            List<String> command() {
                return List.of(PYTHON_EXECUTABLE, EXAMPLES.resolve("python/publish.py").toString());
            }

            @Override
            void requireInstalled() {
                requireRuns("pika is not importable by " + PYTHON_EXECUTABLE
                        + ": install Debian's python3-pika (bin/test does, as root)", PYTHON_EXECUTABLE, "-c", "import pika");
            }
        };

        abstract List<String> command();

        abstract void requireInstalled();
    }

    private static final String PYTHON_EXECUTABLE = System.getProperty("sms.examples.python",
            Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3");

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.get();
        vhost = broker.createVhost("examples");
        connection = broker.connectionFactory(vhost).newConnection("publisher-examples-it");
        channel = connection.createChannel();
        channel.exchangeDeclare(Topology.EXCHANGE, BuiltinExchangeType.TOPIC, true);
        // OTP and transactional are bound; marketing is the unroutable key.
        for (Kind kind : List.of(Kind.OTP, Kind.TRANSACTIONAL)) {
            channel.queueDeclare(kind.wireName(), true, false, false, Map.of());
            channel.queueBind(kind.wireName(), Topology.EXCHANGE, kind.routingKey());
        }
        channel.queueDeclare(Topology.FEEDBACK_QUEUE, true, false, false, Map.of());
        channel.queueBind(Topology.FEEDBACK_QUEUE, Topology.EXCHANGE, Topology.FEEDBACK_ROUTING_KEY);
    }

    @AfterEach
    void emptyQueues() throws IOException {
        channel.queuePurge(Kind.OTP.wireName());
        channel.queuePurge(Kind.TRANSACTIONAL.wireName());
        channel.queuePurge(Topology.FEEDBACK_QUEUE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (vhost != null) {
            broker.deleteVhost(vhost);
        }
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void aFullRequestIsConfirmedValidatesAndCarriesTheIdsAndProperties(Example example) throws Exception {
        String messageId = "order-42-" + example.name().toLowerCase();
        Run run = run(example, url(vhost), "--to", "+4791234567", "--body", "Din kode er 123456 – æøå",
                "--kind", "otp", "--from", "ACME", "--message-id", messageId, "--correlation-id", "corr-" + messageId,
                "--expires-at", "2030-01-01T12:00:00Z", "--tag", "app=login");

        assertThat(run.exit()).as(run.toString()).isZero();
        JsonNode result = JSON.readTree(run.stdout());
        assertThat(result.get("status").asString()).isEqualTo("confirmed");
        assertThat(result.get("messageId").asString()).isEqualTo(messageId);
        assertThat(run.stdout()).as("the number and the text are never printed").doesNotContain("91234567", "123456");

        GetResponse stored = channel.basicGet(Kind.OTP.wireName(), true);
        assertThat(stored).as("the confirmed request is in the otp lane").isNotNull();
        assertThat(stored.getEnvelope().getExchange()).isEqualTo(Topology.EXCHANGE);
        assertThat(stored.getEnvelope().getRoutingKey()).isEqualTo("send.otp");
        assertProperties(stored.getProps(), messageId, "corr-" + messageId);
        JsonNode body = JSON.readTree(new String(stored.getBody(), StandardCharsets.UTF_8));
        assertThat(REQUEST_SCHEMA.validate(body)).as(body.toString()).isEmpty();
        assertThat(body.get("messageId").asString()).isEqualTo(messageId);
        assertThat(body.get("to").asString()).isEqualTo("+4791234567");
        assertThat(body.get("body").asString()).isEqualTo("Din kode er 123456 – æøå");
        assertThat(body.get("from").asString()).isEqualTo("ACME");
        assertThat(body.get("kind").asString()).isEqualTo("otp");
        assertThat(body.get("expiresAt").asString()).isEqualTo("2030-01-01T12:00:00Z");
        assertThat(body.get("tags").get("app").asString()).isEqualTo("login");
        assertThat(JSON.readValue(stored.getBody(), SmsRequest.class).messageId()).isEqualTo(messageId);
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void conversionFeedbackIsConfirmedValidatesAndNamesTheSmsItsCodeCameIn(Example example) throws Exception {
        String messageId = "login-8812-" + example.name().toLowerCase();
        Run run = run(example, url(vhost), "--verified", messageId, "--verified-at", "2030-01-01T12:00:07Z",
                "--correlation-id", "corr-" + messageId);

        assertThat(run.exit()).as(run.toString()).isZero();
        JsonNode result = JSON.readTree(run.stdout());
        assertThat(result.get("status").asString()).isEqualTo("confirmed");
        assertThat(result.get("routingKey").asString()).isEqualTo(Topology.FEEDBACK_ROUTING_KEY);
        GetResponse stored = channel.basicGet(Topology.FEEDBACK_QUEUE, true);
        assertThat(stored).as("the confirmed feedback is in the feedback queue").isNotNull();
        assertThat(stored.getEnvelope().getRoutingKey()).isEqualTo(Topology.FEEDBACK_ROUTING_KEY);
        assertProperties(stored.getProps(), messageId, "corr-" + messageId);
        JsonNode body = JSON.readTree(new String(stored.getBody(), StandardCharsets.UTF_8));
        assertThat(FEEDBACK_SCHEMA.validate(body)).as(body.toString()).isEmpty();
        assertThat(JSON.readValue(stored.getBody(), ConversionFeedback.class))
                .isEqualTo(new ConversionFeedback(messageId, java.time.Instant.parse("2030-01-01T12:00:07Z")));
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void withoutIdsOneOfEachIsAssignedAndWrittenEverywhere(Example example) throws Exception {
        Run run = run(example, url(vhost), "--to", "+4791234567", "--body", "hello");

        assertThat(run.exit()).as(run.toString()).isZero();
        GetResponse stored = channel.basicGet(Kind.TRANSACTIONAL.wireName(), true);
        assertThat(stored).as("no kind is the transactional lane").isNotNull();
        assertThat(stored.getEnvelope().getRoutingKey()).isEqualTo("send.transactional");
        String messageId = stored.getProps().getMessageId();
        String correlationId = stored.getProps().getCorrelationId();
        assertThat(messageId).isNotBlank();
        assertThat(correlationId).isNotBlank().isNotEqualTo(messageId);
        assertProperties(stored.getProps(), messageId, correlationId);
        JsonNode body = JSON.readTree(new String(stored.getBody(), StandardCharsets.UTF_8));
        assertThat(REQUEST_SCHEMA.validate(body)).as(body.toString()).isEmpty();
        assertThat(body.get("messageId").asString()).isEqualTo(messageId);
        JsonNode result = JSON.readTree(run.stdout());
        assertThat(result.get("messageId").asString()).isEqualTo(messageId);
        assertThat(result.get("correlationId").asString()).isEqualTo(correlationId);
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void aMandatoryPublishNoQueueTakesIsAFailure(Example example) throws Exception {
        Run run = run(example, url(vhost), "--to", "+4791234567", "--body", "promo", "--kind", "marketing");

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(JSON.readTree(run.stdout()).get("status").asString()).isEqualTo("unroutable");
        assertThat(channel.messageCount(Kind.OTP.wireName()) + channel.messageCount(Kind.TRANSACTIONAL.wireName())).isZero();
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void aRequestTheBrokerRefusesIsAFailure(Example example) throws Exception {
        String full = broker.createVhost("examples-full");
        try (Connection other = broker.connectionFactory(full).newConnection("publisher-examples-it-full")) {
            Channel admin = other.createChannel();
            admin.exchangeDeclare(Topology.EXCHANGE, BuiltinExchangeType.TOPIC, true);
            admin.queueDeclare("full", true, false, false, Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
            admin.queueBind("full", Topology.EXCHANGE, Kind.TRANSACTIONAL.routingKey());
            admin.confirmSelect();
            admin.basicPublish("", "full", null, "{}".getBytes(StandardCharsets.UTF_8));
            admin.waitForConfirmsOrDie(60_000);

            Run run = run(example, url(full), "--to", "+4791234567", "--body", "one too many");

            assertThat(run.exit()).as(run.toString()).isEqualTo(3);
            assertThat(JSON.readTree(run.stdout()).get("status").asString()).isEqualTo("nacked");
            assertThat(admin.messageCount("full")).isEqualTo(1);
        } finally {
            broker.deleteVhost(full);
        }
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void withoutTheSmsExchangeItFailsSayingWhy(Example example) throws Exception {
        String empty = broker.createVhost("examples-empty");
        try {
            Run run = run(example, url(empty), "--to", "+4791234567", "--body", "nowhere");

            assertThat(run.exit()).as(run.toString()).isEqualTo(1);
            assertThat(run.stderr()).contains("sms").containsIgnoringCase("not_found");
        } finally {
            broker.deleteVhost(empty);
        }
    }

    private static void assertProperties(AMQP.BasicProperties props, String messageId, String correlationId) {
        assertThat(props.getMessageId()).isEqualTo(messageId);
        assertThat(props.getCorrelationId()).isEqualTo(correlationId);
        assertThat(props.getHeaders()).isNotNull();
        assertThat(props.getHeaders().get(Headers.CORRELATION_ID)).hasToString(correlationId);
        assertThat(props.getContentType()).isEqualTo("application/json");
        assertThat(props.getDeliveryMode()).as("persistent").isEqualTo(2);
        assertThat(props.getTimestamp()).isNotNull();
    }

    private static String url(String vhost) {
        return "amqp://guest:guest@" + broker.host + ":" + broker.amqpPort + "/" + vhost;
    }

    private record Run(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + ", stdout: " + stdout.strip() + ", stderr: " + stderr.strip();
        }
    }

    private static Run run(Example example, String url, String... args) throws IOException, InterruptedException {
        example.requireInstalled();
        List<String> command = new ArrayList<>(example.command());
        command.add("--url");
        command.add(url);
        command.addAll(List.of(args));
        return exec(command);
    }

    private static void requireRuns(String why, String... command) {
        try {
            Run run = exec(List.of(command));
            if (run.exit() != 0) {
                fail(why + " (" + run + ")");
            }
        } catch (IOException e) {
            fail(why + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(why + " (interrupted)");
        }
    }

    private static Run exec(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("publisher-example", ".out");
        Path err = Files.createTempFile("publisher-example", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command.subList(0, 2)) + " did not exit in " + PROCESS_TIMEOUT_SECONDS + " s; stderr: "
                        + Files.readString(err));
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The repository's examples folder, found upwards from the module folder failsafe runs in. */
    private static Path examplesFolder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples/node")) && Files.isDirectory(dir.resolve("examples/python"))) {
                return dir.resolve("examples");
            }
        }
        throw new IllegalStateException("no examples/ folder above " + Path.of("").toAbsolutePath());
    }

    private static Schema schema(String name) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder ->
                // 2020-12 treats "format" as an annotation; we want date-time checked.
                builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        try (InputStream in = PublisherExamplesIT.class.getResourceAsStream(name)) {
            return registry.getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
