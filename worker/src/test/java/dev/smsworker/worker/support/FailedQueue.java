package dev.smsworker.worker.support;

import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Topology;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads sms.failed and finds messages by their AMQP message id (which the worker always sets). */
public final class FailedQueue {

    private final BrokerClient client;
    private final Map<String, GetResponse> seen = new ConcurrentHashMap<>();

    public FailedQueue(BrokerClient client) {
        this.client = client;
    }

    public GetResponse await(String messageId, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            GetResponse next;
            while ((next = client.take(Topology.FAILED_QUEUE)) != null) {
                String id = next.getProps().getMessageId();
                seen.put(id == null ? "<none>-" + seen.size() : id, next);
            }
            return seen.get(messageId);
        }, found -> found != null);
    }

    public int seenCount() {
        return seen.size();
    }
}
