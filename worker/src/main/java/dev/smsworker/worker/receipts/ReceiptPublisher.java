package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.Topology;
import dev.smsworker.worker.messaging.ConfirmedPublisher;
import dev.smsworker.worker.messaging.PublishFailedException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores a receipt in {@code sms.receipts}: persistent, mandatory, and confirmed by the broker before the provider
 * is told 2xx. A receipt the provider was told we have is never lost; one we could not store makes it call again.
 */
final class ReceiptPublisher {

    private final ConfirmedPublisher publisher;
    private final JsonMapper json;

    ReceiptPublisher(ConfirmedPublisher publisher, JsonMapper json) {
        this.publisher = publisher;
        this.json = json;
    }

    void store(DeliveryReceipt receipt) throws PublishFailedException {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setType("delivery-receipt");
        publisher.publish(Topology.RECEIPTS_EXCHANGE, receipt.provider(), new Message(json.writeValueAsBytes(receipt), properties));
    }
}
