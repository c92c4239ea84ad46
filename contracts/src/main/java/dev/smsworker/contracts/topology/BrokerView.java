package dev.smsworker.contracts.topology;

import java.util.Map;

/**
 * What the broker applies to our exchanges and queues, by name; a name that is missing here is missing
 * on the broker.
 */
public record BrokerView(Map<String, AppliedExchange> exchanges, Map<String, AppliedQueue> queues) {

    public BrokerView {
        exchanges = Map.copyOf(exchanges);
        queues = Map.copyOf(queues);
    }
}
