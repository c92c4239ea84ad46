package dev.smsworker.ops.observability;

import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.Topology;
import dev.smsworker.contracts.topology.ExpectedBinding;
import dev.smsworker.contracts.topology.ExpectedExchange;
import dev.smsworker.contracts.topology.ExpectedQueue;
import dev.smsworker.contracts.topology.ExpectedTopology;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ops/rabbitmq/definitions.json: the production vhost, topology and policies; ops/rabbitmq/users.json: the
 * least-privilege users and their permissions, apart so that re-importing the topology never resets a password.
 * RabbitMQ applies a permission regex to queue and exchange names alike, so the tests below try
 * each user's regexes on names it must and must not reach. {@link RabbitPermissionsIT} proves the same
 * against a broker.
 */
class RabbitDefinitionsTest {

    static final String DEFINITIONS = "ops/rabbitmq/definitions.json";
    static final String USERS = "ops/rabbitmq/users.json";
    private final JsonNode definitions = RepoFiles.json(DEFINITIONS);
    private final JsonNode users = RepoFiles.json(USERS);

    @Test
    void everythingLivesInTheSmsVhost() {
        assertThat(names(definitions.path("vhosts"))).containsExactly("sms");
        assertThat(names(users.path("vhosts"))).containsExactly("sms");
        for (String section : List.of("policies", "exchanges", "queues", "bindings")) {
            for (JsonNode entry : definitions.path(section)) {
                assertThat(entry.path("vhost").asString()).as(section + " " + entry).isEqualTo("sms");
            }
        }
        users.path("permissions").forEach(entry -> assertThat(entry.path("vhost").asString()).isEqualTo("sms"));
    }

    /** Issue 15: importing definitions.json again (a new delay tier, a policy change) must not reset passwords. */
    @Test
    void theTopologyFileCarriesNoUsersSoReimportingItKeepsPasswords() {
        assertThat(definitions.has("users")).isFalse();
        assertThat(definitions.has("permissions")).isFalse();
        assertThat(users.has("queues") || users.has("exchanges") || users.has("policies") || users.has("bindings")).isFalse();
    }

    /** The shipped topology is the one the worker verifies and sms-ops topology apply declares (default delays). */
    @Test
    void theDefinitionsAreTheWorkersExpectedTopology() {
        ExpectedTopology expected = ExpectedTopology.of(List.of(Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofMinutes(9)), true);
        assertThat(names(definitions.path("queues"))).containsExactlyInAnyOrderElementsOf(
                expected.queues().stream().map(ExpectedQueue::name).toList());
        for (ExpectedQueue queue : expected.queues()) {
            JsonNode shipped = named(definitions.path("queues"), queue.name());
            Map<String, Object> arguments = new TreeMap<>();
            shipped.path("arguments").properties().forEach(e -> arguments.put(e.getKey(),
                    e.getValue().isNumber() ? (Object) e.getValue().asLong() : e.getValue().asString()));
            assertThat(arguments).as(queue.name()).isEqualTo(new TreeMap<>(queue.arguments()));
            assertThat(shipped.path("durable").asBoolean()).isTrue();
        }
        assertThat(names(definitions.path("exchanges"))).containsExactlyInAnyOrderElementsOf(
                expected.exchanges().stream().map(ExpectedExchange::name).toList());
        for (ExpectedExchange exchange : expected.exchanges()) {
            JsonNode shipped = named(definitions.path("exchanges"), exchange.name());
            assertThat(shipped.path("type").asString()).as(exchange.name()).isEqualTo(exchange.type());
            JsonNode alternate = shipped.path("arguments").path("alternate-exchange");
            assertThat(alternate.isMissingNode() ? null : alternate.asString()).isEqualTo(exchange.alternateExchange());
        }
        Set<ExpectedBinding> bindings = new java.util.HashSet<>();
        definitions.path("bindings").forEach(b -> bindings.add(new ExpectedBinding(b.path("source").asString(),
                b.path("destination").asString(), b.path("routing_key").asString())));
        assertThat(bindings).containsExactlyInAnyOrderElementsOf(expected.bindings());
    }

    @Test
    void topologyMatchesTheContract() {
        assertThat(names(definitions.path("queues"))).contains(Topology.OTP_QUEUE, Topology.SEND_QUEUE,
                Topology.UNROUTED_QUEUE, Topology.FAILED_QUEUE, "sms.retry.1m", "sms.retry.3m", "sms.retry.9m");
        assertThat(names(definitions.path("exchanges"))).contains(Topology.EXCHANGE, Topology.UNROUTED_EXCHANGE,
                Topology.FAILED_EXCHANGE, Topology.EVENTS_EXCHANGE);
        JsonNode sms = named(definitions.path("exchanges"), Topology.EXCHANGE);
        assertThat(sms.path("arguments").path("alternate-exchange").asString()).isEqualTo(Topology.UNROUTED_EXCHANGE);
        Set<String> routingKeys = new TreeSet<>();
        for (JsonNode binding : definitions.path("bindings")) {
            if (binding.path("source").asString().equals(Topology.EXCHANGE)) {
                routingKeys.add(binding.path("routing_key").asString());
            }
        }
        for (Kind kind : Kind.values()) {
            assertThat(routingKeys).contains(kind.routingKey());
        }
    }

    @Test
    void workQueuesDeadLetterToFailedAndTheFailedQueueKeepsEverything() {
        for (String lane : List.of(Topology.OTP_QUEUE, Topology.SEND_QUEUE, Topology.UNROUTED_QUEUE)) {
            JsonNode arguments = named(definitions.path("queues"), lane).path("arguments");
            assertThat(arguments.path("x-queue-type").asString()).isEqualTo("quorum");
            assertThat(arguments.path("x-dead-letter-exchange").asString()).isEqualTo(Topology.FAILED_EXCHANGE);
        }
        JsonNode failed = named(definitions.path("queues"), Topology.FAILED_QUEUE).path("arguments");
        assertThat(failed.has("x-dead-letter-exchange")).isFalse();
        assertThat(failed.has("x-message-ttl")).isFalse();
        assertThat(failed.has("x-max-length")).isFalse();
    }

    @Test
    void failedQueuePolicyLiftsTheDeliveryLimitAndTouchesNothingElse() {
        JsonNode policy = named(definitions.path("policies"), "sms-failed-keep");
        // Not -1: RabbitMQ 3.x rejects it. A billion reads is no limit in practice on 3.x and 4.x alike.
        assertThat(policy.path("definition").path("delivery-limit").asLong()).isEqualTo(ExpectedTopology.FAILED_DELIVERY_LIMIT);
        assertThat(policy.path("definition").properties()).hasSize(1);
        assertThat(matches(policy.path("pattern").asString(), "sms.failed")).isTrue();
        assertThat(matches(policy.path("pattern").asString(), "sms.send", "sms.failed.old", "xsms.failed")).isFalse();

        JsonNode work = named(definitions.path("policies"), "sms-work-queues");
        assertThat(work.path("definition").path("delivery-limit").asLong()).isEqualTo(ExpectedTopology.WORK_QUEUE_DELIVERY_LIMIT);
        assertThat(matches(work.path("pattern").asString(), Topology.OTP_QUEUE)).isTrue();
        assertThat(matches(work.path("pattern").asString(), Topology.SEND_QUEUE)).isTrue();
        assertThat(matches(work.path("pattern").asString(), Topology.UNROUTED_QUEUE)).isTrue();
        assertThat(matches(work.path("pattern").asString(), "sms.failed", "sms.retry.1m", "sms.send.x")).isFalse();
    }

    /** Like sms.failed, sms.receipts has nowhere to dead-letter to: RabbitMQ 4's default limit of 20 would drop receipts. */
    @Test
    void receiptsQueuePolicyLiftsTheDeliveryLimitAndTouchesNothingElse() {
        JsonNode policy = named(definitions.path("policies"), "sms-receipts-keep");
        assertThat(policy.path("definition").path("delivery-limit").asLong()).isEqualTo(ExpectedTopology.FAILED_DELIVERY_LIMIT);
        assertThat(policy.path("definition").properties()).hasSize(1);
        assertThat(matches(policy.path("pattern").asString(), Topology.RECEIPTS_QUEUE)).isTrue();
        assertThat(matches(policy.path("pattern").asString(), "sms.send", "sms.failed", "sms.receipts.old", "xsms.receipts")).isFalse();
    }

    /** sms.feedback has nowhere to dead-letter to either: a limit of 20 would drop conversions during a Redis outage. */
    @Test
    void feedbackQueuePolicyLiftsTheDeliveryLimitAndTouchesNothingElse() {
        JsonNode policy = named(definitions.path("policies"), "sms-feedback-keep");
        assertThat(policy.path("definition").path("delivery-limit").asLong()).isEqualTo(ExpectedTopology.FAILED_DELIVERY_LIMIT);
        assertThat(policy.path("definition").properties()).hasSize(1);
        assertThat(matches(policy.path("pattern").asString(), Topology.FEEDBACK_QUEUE)).isTrue();
        assertThat(matches(policy.path("pattern").asString(), "sms.send", "sms.receipts", "sms.feedback.old", "xsms.feedback")).isFalse();
    }

    /** Feedback is bound by its exact key, and no other binding of the sms exchange is a pattern that could catch it. */
    @Test
    void feedbackIsBoundToItsQueueOnlyAndTheLanesBindExactKeys() {
        for (JsonNode binding : definitions.path("bindings")) {
            if (!binding.path("source").asString().equals(Topology.EXCHANGE)) {
                continue;
            }
            String key = binding.path("routing_key").asString();
            assertThat(key).as("no wildcard on " + binding.path("destination").asString()).doesNotContain("*", "#");
            assertThat(key.equals(Topology.FEEDBACK_ROUTING_KEY))
                    .isEqualTo(binding.path("destination").asString().equals(Topology.FEEDBACK_QUEUE));
        }
    }

    @Test
    void usersCarryNoPasswordsAndOnlyMonitoringHasATag() {
        assertThat(names(users.path("users"))).containsExactlyInAnyOrder("sms-publisher", "sms-worker", "sms-ops", "sms-monitoring");
        for (JsonNode user : users.path("users")) {
            assertThat(user.path("password_hash").asString()).as(user.path("name").asString()).isEmpty();
            List<String> tags = new ArrayList<>();
            user.path("tags").forEach(tag -> tags.add(tag.asString()));
            assertThat(tags).as(user.path("name").asString())
                    .isEqualTo(user.path("name").asString().equals("sms-monitoring") ? List.of("monitoring") : List.of());
        }
    }

    @Test
    void publisherMayOnlyPublishToTheSmsExchange() {
        JsonNode p = permission("sms-publisher");
        assertThat(matches(p.path("write").asString(), "sms")).isTrue();
        assertThat(matches(p.path("write").asString(), "sms.failed", "sms.events", "sms.send", "sms.retry.1m", "amq.topic")).isFalse();
        assertThat(matchesNothing(p.path("configure").asString())).isTrue();
        assertThat(matchesNothing(p.path("read").asString())).isTrue();
    }

    /**
     * sms.topology.mode=verify: the worker consumes its work queues and publishes to the failed, events and
     * delay exchanges, and nothing else. RabbitMQ matches a regex against queue and exchange names alike, and
     * read on a queue also allows purging it: hence no read on sms.failed and no write on any work queue,
     * which together forbid binding a work queue (binding needs write on the queue and read on the exchange).
     */
    @Test
    void workerConsumesAndPublishesButCanNotConfigure() {
        JsonNode p = permission("sms-worker");
        assertThat(matchesNothing(p.path("configure").asString())).isTrue();
        for (String exchange : List.of(Topology.FAILED_EXCHANGE, Topology.EVENTS_EXCHANGE, Topology.RECEIPTS_EXCHANGE, "sms.retry.1m", "sms.retry.3m",
                "sms.retry.9m", "sms.retry.90s", "sms.retry.500ms", "sms.retry.2h")) {
            assertThat(matches(p.path("write").asString(), exchange)).as("write " + exchange).isTrue();
        }
        assertThat(matches(p.path("write").asString(), Topology.EXCHANGE, Topology.OTP_QUEUE, Topology.SEND_QUEUE,
                Topology.UNROUTED_QUEUE, Topology.FEEDBACK_QUEUE, "sms.retry.soon", "sms.events.audit", "sms.receipts.x", "amq.topic",
                "orders")).isFalse();
        for (String queue : List.of(Topology.OTP_QUEUE, Topology.SEND_QUEUE, Topology.UNROUTED_QUEUE, Topology.RECEIPTS_QUEUE,
                Topology.FEEDBACK_QUEUE)) {
            assertThat(matches(p.path("read").asString(), queue)).as("read " + queue).isTrue();
        }
        assertThat(matches(p.path("read").asString(), Topology.FAILED_QUEUE, Topology.EXCHANGE, Topology.EVENTS_EXCHANGE,
                "sms.retry.1m", "sms.send.otp2", "sms.feedbacks", "orders")).isFalse();
    }

    @Test
    void opsReadsTheFailedQueueAndPublishesRequestsButCannotTakeFromWorkQueues() {
        JsonNode p = permission("sms-ops");
        assertThat(matches(p.path("read").asString(), Topology.FAILED_QUEUE)).isTrue();
        assertThat(matches(p.path("read").asString(), Topology.OTP_QUEUE, Topology.SEND_QUEUE, "sms.retry.1m", "sms")).isFalse();
        assertThat(matches(p.path("write").asString(), Topology.EXCHANGE)).isTrue();
        assertThat(matches(p.path("write").asString(), Topology.FAILED_EXCHANGE, Topology.EVENTS_EXCHANGE, "sms.retry.1m")).isFalse();
        // The canary watches sms.events through a server-named queue of its own.
        assertThat(matches(p.path("configure").asString(), "amq.gen-LhQz1gv3GhDOv8PIDabOXA")).isTrue();
        assertThat(matches(p.path("configure").asString(), Topology.FAILED_QUEUE, Topology.EXCHANGE)).isFalse();
    }

    @Test
    void monitoringGetsVhostAccessOnly() {
        JsonNode p = permission("sms-monitoring");
        for (String kind : List.of("configure", "write", "read")) {
            assertThat(matchesNothing(p.path(kind).asString())).as(kind).isTrue();
        }
    }

    @Test
    void composeLoadsTheProductionTopologyAsShippedAndTheProductionUsersWithDevelopmentPasswords() {
        String compose = RepoFiles.text("docker-compose.yml");
        assertThat(compose).contains("./ops/rabbitmq/definitions.json:/etc/rabbitmq/definitions.d/");
        assertThat(RepoFiles.text("ops/rabbitmq/compose/rabbitmq.conf")).contains("load_definitions = /etc/rabbitmq/definitions.d");
        JsonNode composeUsers = RepoFiles.json("ops/rabbitmq/compose/users.json");
        assertThat(composeUsers.path("vhosts")).isEqualTo(users.path("vhosts"));
        for (JsonNode permission : users.path("permissions")) {
            assertThat(composeUsers.path("permissions")).contains(permission);
        }
        assertThat(names(composeUsers.path("users"))).containsAll(names(users.path("users")));
        for (JsonNode user : composeUsers.path("users")) {
            assertThat(user.path("password_hash").asString()).as(user.path("name").asString()).isNotEmpty();
        }
    }

    private JsonNode permission(String user) {
        for (JsonNode permission : users.path("permissions")) {
            if (permission.path("user").asString().equals(user)) {
                return permission;
            }
        }
        throw new AssertionError("no permissions for " + user);
    }

    /** True if the regex matches any of the names, as RabbitMQ matches permissions (a search, not a full match). */
    static boolean matches(String regex, String... names) {
        Pattern pattern = Pattern.compile(regex);
        for (String name : names) {
            if (pattern.matcher(name).find()) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesNothing(String regex) {
        return regex.equals("^$");
    }

    static List<String> names(JsonNode entries) {
        List<String> names = new ArrayList<>();
        entries.forEach(entry -> names.add(entry.path("name").asString()));
        return names;
    }

    private static JsonNode named(JsonNode entries, String name) {
        for (JsonNode entry : entries) {
            if (entry.path("name").asString().equals(name)) {
                return entry;
            }
        }
        throw new AssertionError("no " + name);
    }
}
