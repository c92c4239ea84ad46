package dev.smsworker.contracts.topology;

import dev.smsworker.contracts.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparison the worker's drift check and {@code sms-ops doctor} share, on hand-made broker views. */
class DriftCheckTest {

    private final ExpectedTopology expected = ExpectedTopology.of(List.of(Duration.ofSeconds(2), Duration.ofMinutes(1)), true);

    @Test
    void aBrokerThatAppliesWhatWeDeclaredHasNoDrift() {
        assertThat(DriftCheck.compare(expected, asDeclared(Map.of()))).isEmpty();
    }

    @Test
    void anOperatorPolicyCappingTheFailedQueueIsADriftThatLosesMessages() {
        BrokerView broker = asDeclared(Map.of("sms.failed", new Policy(null, "cap", Map.of("max-length", 2))));

        assertThat(DriftCheck.compare(expected, broker)).containsExactly(
                new Drift("sms.failed", "max-length", "none", "2", "operator policy cap", true));
    }

    @Test
    void aPolicyTtlBelowTheDelayQueuesOwnWinsBecauseTheSmallestLimitApplies() {
        Policy fast = new Policy("fast", null, Map.of("message-ttl", 500));
        BrokerView broker = asDeclared(Map.of("sms.retry.2s", fast, "sms.retry.1m", fast));

        assertThat(DriftCheck.compare(expected, broker)).containsExactly(
                new Drift("sms.retry.2s", "message-ttl", "2000", "500", "policy fast", true),
                new Drift("sms.retry.1m", "message-ttl", "60000", "500", "policy fast", true));
    }

    @Test
    void aPolicyTtlAboveTheDeclaredOneChangesNothing() {
        BrokerView broker = asDeclared(Map.of("sms.retry.2s", new Policy("slow", null, Map.of("message-ttl", 999_999))));

        assertThat(DriftCheck.compare(expected, broker)).isEmpty();
    }

    @Test
    void theShippedDeliveryLimitsAreIntendedAndOthersAreWarningsOnWorkQueues() {
        BrokerView shipped = asDeclared(Map.of(
                "sms.send", new Policy("sms-work-queues", null, Map.of("delivery-limit", 20)),
                "sms.failed", new Policy("sms-failed-keep", null, Map.of("delivery-limit", ExpectedTopology.FAILED_DELIVERY_LIMIT))));
        BrokerView tight = asDeclared(Map.of("sms.send", new Policy("tight", null, Map.of("delivery-limit", 3)),
                "sms.failed", new Policy("tight", null, Map.of("delivery-limit", 3))));

        assertThat(DriftCheck.compare(expected, shipped)).isEmpty();
        assertThat(DriftCheck.compare(expected, tight)).containsExactly(
                new Drift("sms.send", "delivery-limit", "none", "3", "policy tight", false),
                new Drift("sms.failed", "delivery-limit", "none", "3", "policy tight", true));
    }

    @Test
    void onQuorumQueuesAPolicysOverflowWinsButTheDeadLetterExchangeArgumentDoes() {
        BrokerView broker = asDeclared(Map.of("sms.send.otp",
                new Policy("p", null, Map.of("overflow", "drop-head", "dead-letter-exchange", "elsewhere"))));

        assertThat(DriftCheck.compare(expected, broker)).containsExactly(
                new Drift("sms.send.otp", "overflow", "reject-publish", "drop-head", "policy p", true));
    }

    @Test
    void aMissingQueueAndALostAlternateExchangeAreDrifts() {
        BrokerView declared = asDeclared(Map.of());
        Map<String, AppliedQueue> queues = new HashMap<>(declared.queues());
        queues.remove("sms.retry.1m");
        Map<String, AppliedExchange> exchanges = new HashMap<>(declared.exchanges());
        exchanges.put("sms", new AppliedExchange("sms", "topic", Map.of()));

        assertThat(DriftCheck.compare(expected, new BrokerView(exchanges, queues))).containsExactly(
                new Drift("sms", "alternate-exchange", "sms.unrouted", "none", "exchange argument", true),
                new Drift("sms.retry.1m", "exists", "queue", "missing", "-", true));
    }

    @Test
    void delayLabelsAreTheLargestWholeUnit() {
        assertThat(List.of(Duration.ofHours(2), Duration.ofSeconds(90), Duration.ofMinutes(3), Duration.ofMillis(1500))
                .stream().map(Topology::delayLabel)).containsExactly("2h", "90s", "3m", "1500ms");
    }

    /** The broker as the worker declares it, with {@code policies} applied to some queues. */
    private BrokerView asDeclared(Map<String, Policy> policies) {
        Map<String, AppliedExchange> exchanges = new HashMap<>();
        expected.exchanges().forEach(e -> exchanges.put(e.name(), new AppliedExchange(e.name(), e.type(),
                e.alternateExchange() == null ? Map.of() : Map.of("alternate-exchange", e.alternateExchange()))));
        Map<String, AppliedQueue> queues = new HashMap<>();
        for (ExpectedQueue q : expected.queues()) {
            Policy policy = policies.getOrDefault(q.name(), new Policy(null, null, Map.of()));
            queues.put(q.name(), new AppliedQueue(q.name(), "quorum", q.arguments(), policy.definition(), policy.name(), policy.operator()));
        }
        return new BrokerView(exchanges, queues);
    }

    private record Policy(String name, String operator, Map<String, Object> definition) {
    }
}
