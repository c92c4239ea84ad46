package dev.smsworker.ops.observability;

import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.Topology;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ops/rabbitmq/definitions.json: the production vhost, topology, policies and least-privilege users.
 * RabbitMQ applies a permission regex to queue and exchange names alike, so the tests below try
 * each user's regexes on names it must and must not reach. {@link RabbitPermissionsIT} proves the same
 * against a broker.
 */
class RabbitDefinitionsTest {

    static final String DEFINITIONS = "ops/rabbitmq/definitions.json";
    private final JsonNode definitions = RepoFiles.json(DEFINITIONS);

    @Test
    void everythingLivesInTheSmsVhost() {
        assertThat(names(definitions.path("vhosts"))).containsExactly("sms");
        for (String section : List.of("permissions", "policies", "exchanges", "queues", "bindings")) {
            for (JsonNode entry : definitions.path(section)) {
                assertThat(entry.path("vhost").asString()).as(section + " " + entry).isEqualTo("sms");
            }
        }
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
        assertThat(policy.path("definition").path("delivery-limit").asInt()).isEqualTo(-1);
        assertThat(matches(policy.path("pattern").asString(), "sms.failed")).isTrue();
        assertThat(matches(policy.path("pattern").asString(), "sms.send", "sms.failed.old", "xsms.failed")).isFalse();

        JsonNode work = named(definitions.path("policies"), "sms-work-queues");
        assertThat(matches(work.path("pattern").asString(), Topology.OTP_QUEUE)).isTrue();
        assertThat(matches(work.path("pattern").asString(), Topology.SEND_QUEUE)).isTrue();
        assertThat(matches(work.path("pattern").asString(), Topology.UNROUTED_QUEUE)).isTrue();
        assertThat(matches(work.path("pattern").asString(), "sms.failed", "sms.retry.1m", "sms.send.x")).isFalse();
    }

    @Test
    void usersCarryNoPasswordsAndOnlyMonitoringHasATag() {
        assertThat(names(definitions.path("users"))).containsExactlyInAnyOrder("sms-publisher", "sms-worker", "sms-ops", "sms-monitoring");
        for (JsonNode user : definitions.path("users")) {
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

    @Test
    void workerReachesItsTopologyAndNothingElse() {
        JsonNode p = permission("sms-worker");
        List<String> own = new ArrayList<>(names(definitions.path("queues")));
        own.addAll(names(definitions.path("exchanges")));
        // Other retry tiers (sms.retry.delays) must work without editing the permissions.
        own.addAll(List.of("sms.retry.90s", "sms.retry.500ms", "sms.retry.2h"));
        for (String name : own) {
            assertThat(matches(p.path("configure").asString(), name)).as("configure " + name).isTrue();
            assertThat(matches(p.path("write").asString(), name)).as("write " + name).isTrue();
        }
        List<String> foreign = List.of("orders", "smsx", "sms.send.otp2", "sms.retry.soon", "sms.events.audit", "amq.gen-abc", "amq.topic");
        assertThat(matches(p.path("configure").asString(), foreign.toArray(String[]::new))).isFalse();
        assertThat(matches(p.path("write").asString(), foreign.toArray(String[]::new))).isFalse();
        assertThat(matches(p.path("read").asString(), Topology.OTP_QUEUE)).isTrue();
        assertThat(matches(p.path("read").asString(), Topology.EVENTS_EXCHANGE, "orders")).isFalse();
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
    void composeDefinitionsAreTheProductionOnesWithDevelopmentPasswords() {
        JsonNode compose = RepoFiles.json("ops/rabbitmq/compose/definitions.json");
        for (String section : List.of("vhosts", "policies", "exchanges", "queues", "bindings")) {
            assertThat(compose.path(section)).as(section).isEqualTo(definitions.path(section));
        }
        for (JsonNode permission : definitions.path("permissions")) {
            assertThat(compose.path("permissions")).contains(permission);
        }
        assertThat(names(compose.path("users"))).containsAll(names(definitions.path("users")));
        for (JsonNode user : compose.path("users")) {
            assertThat(user.path("password_hash").asString()).as(user.path("name").asString()).isNotEmpty();
        }
    }

    private JsonNode permission(String user) {
        for (JsonNode permission : definitions.path("permissions")) {
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
