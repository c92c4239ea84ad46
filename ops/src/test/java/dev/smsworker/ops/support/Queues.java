package dev.smsworker.ops.support;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads queues the way a test checks them: take everything (acked), in order. */
public final class Queues {

    private Queues() {
    }

    /** Takes every message from {@code queue} (acked), in queue order. */
    public static List<GetResponse> drain(Channel channel, String queue) throws IOException {
        List<GetResponse> taken = new ArrayList<>();
        GetResponse next;
        while ((next = channel.basicGet(queue, true)) != null) {
            taken.add(next);
        }
        return taken;
    }

    public static List<String> messageIds(List<GetResponse> responses) {
        return responses.stream().map(response -> response.getProps().getMessageId()).toList();
    }

    /** The message ids in {@code queue}, in order, leaving the queue as it was (read all, requeue all). */
    public static List<String> peekIds(Channel channel, String queue) throws IOException {
        List<String> ids = new ArrayList<>();
        long last = 0;
        GetResponse next;
        while ((next = channel.basicGet(queue, false)) != null) {
            ids.add(next.getProps().getMessageId());
            last = next.getEnvelope().getDeliveryTag();
        }
        if (last > 0) {
            channel.basicNack(last, true, true);
            // Quorum queues apply a requeue asynchronously: wait until the messages are ready again.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> channel.messageCount(queue) >= ids.size());
        }
        return ids;
    }

    public static String header(GetResponse response, String name) {
        Object value = response.getProps().getHeaders() == null ? null : response.getProps().getHeaders().get(name);
        return value == null ? null : value.toString();
    }
}
