package dev.smsworker.ops.support;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.Topology;

import java.io.IOException;
import java.util.Map;

/**
 * The part of the worker's topology ops touches, declared as the worker declares it (same arguments, so a
 * worker started later in the vhost agrees), for tests that run without a worker.
 */
public final class WorkerTopology {

    private static final Map<String, Object> WORK_QUEUE = Map.of("x-queue-type", "quorum",
            "x-dead-letter-exchange", Topology.FAILED_EXCHANGE, "x-dead-letter-strategy", "at-least-once",
            "x-overflow", "reject-publish");

    private WorkerTopology() {
    }

    public static void declare(Channel channel) throws IOException {
        channel.exchangeDeclare(Topology.UNROUTED_EXCHANGE, BuiltinExchangeType.FANOUT, true);
        channel.exchangeDeclare(Topology.EXCHANGE, BuiltinExchangeType.TOPIC, true, false,
                Map.of("alternate-exchange", Topology.UNROUTED_EXCHANGE));
        channel.exchangeDeclare(Topology.FAILED_EXCHANGE, BuiltinExchangeType.FANOUT, true);
        channel.exchangeDeclare(Topology.EVENTS_EXCHANGE, BuiltinExchangeType.TOPIC, true);
        channel.queueDeclare(Topology.OTP_QUEUE, true, false, false, WORK_QUEUE);
        channel.queueDeclare(Topology.SEND_QUEUE, true, false, false, WORK_QUEUE);
        channel.queueDeclare(Topology.UNROUTED_QUEUE, true, false, false, WORK_QUEUE);
        channel.queueDeclare(Topology.FAILED_QUEUE, true, false, false, Map.of("x-queue-type", "quorum"));
        channel.queueBind(Topology.OTP_QUEUE, Topology.EXCHANGE, Kind.OTP.routingKey());
        channel.queueBind(Topology.SEND_QUEUE, Topology.EXCHANGE, Kind.TRANSACTIONAL.routingKey());
        channel.queueBind(Topology.SEND_QUEUE, Topology.EXCHANGE, Kind.MARKETING.routingKey());
        channel.queueBind(Topology.UNROUTED_QUEUE, Topology.UNROUTED_EXCHANGE, "");
        channel.queueBind(Topology.FAILED_QUEUE, Topology.FAILED_EXCHANGE, "");
    }
}
