package dev.smsworker.ops.failed;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.smsworker.ops.connection.BrokerConnections;
import dev.smsworker.ops.connection.BrokerSettings;
import dev.smsworker.ops.console.ProgressBar;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Reads the whole failed queue and leaves it as it was (see {@link FailedQueueScan}). */
final class FailedQueueBrowser {

    private FailedQueueBrowser() {
    }

    /** Hands every message to {@code visitor} in queue order; returns the highest x-delivery-count seen. */
    static int browse(BrokerSettings settings, String purpose, ProgressBar progress, Consumer<FailedMessage> visitor) throws IOException {
        int highestDeliveryCount = 0;
        try (Connection connection = BrokerConnections.open(settings, purpose);
             Channel channel = connection.createChannel();
             FailedQueueScan scan = new FailedQueueScan(channel)) {
            FailedMessage message;
            while ((message = scan.next()) != null) {
                highestDeliveryCount = Math.max(highestDeliveryCount, message.deliveryCount());
                visitor.accept(message);
                progress.update(scan.read(), scan.depthAtStart(), "");
            }
        } catch (TimeoutException e) {
            throw new IOException("closing the channel timed out", e);
        } finally {
            progress.finish();
        }
        return highestDeliveryCount;
    }
}
