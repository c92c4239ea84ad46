package dev.smsworker.worker;

import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.support.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the worker declares, read back from the broker. */
class TopologyIT {

    @RegisterExtension
    static final WorkerFixture fixture = new WorkerFixture("topology");

    @Test
    void everyQueueIsDurableQuorumAndDeadLettersAtLeastOnce() {
        TestBroker broker = fixture.broker();
        String vhost = fixture.vhost();
        Map<String, JsonNode> queues = new HashMap<>();
        JsonMapper.builder().build().readTree(broker.get("/api/queues/" + vhost)).forEach(q -> queues.put(q.get("name").asString(), q));

        assertThat(queues).containsOnlyKeys("sms.send.otp", "sms.send", "sms.unrouted", "sms.failed", "sms.receipts",
                "sms.feedback", "sms.retry.1s", "sms.retry.2s", "sms.retry.3s");
        queues.values().forEach(q -> {
            assertThat(q.get("durable").asBoolean()).isTrue();
            assertThat(q.get("arguments").get("x-queue-type").asString()).isEqualTo("quorum");
        });
        for (String work : new String[]{"sms.send.otp", "sms.send", "sms.unrouted"}) {
            JsonNode args = queues.get(work).get("arguments");
            assertThat(args.get("x-dead-letter-exchange").asString()).isEqualTo("sms.failed");
            assertThat(args.get("x-dead-letter-strategy").asString()).isEqualTo("at-least-once");
            assertThat(args.get("x-overflow").asString()).isEqualTo("reject-publish");
        }
        JsonNode delay = queues.get("sms.retry.2s").get("arguments");
        assertThat(delay.get("x-message-ttl").asLong()).isEqualTo(2000);
        assertThat(delay.get("x-dead-letter-exchange").asString()).isEqualTo("sms");
        assertThat(delay.has("x-dead-letter-routing-key")).as("keeps the message's own routing key").isFalse();
        assertThat(queues.get("sms.failed").get("arguments").has("x-message-ttl")).isFalse();

        JsonNode sms = JsonMapper.builder().build().readTree(broker.get("/api/exchanges/" + vhost + "/sms"));
        assertThat(sms.get("arguments").get("alternate-exchange").asString()).isEqualTo("sms.unrouted");
    }
}
