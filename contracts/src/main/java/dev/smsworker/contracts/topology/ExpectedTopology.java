package dev.smsworker.contracts.topology;

import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.Topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every exchange, queue and binding sms-worker declares, as data: the worker's declarations, the drift
 * check in the worker and {@code sms-ops doctor} / {@code sms-ops topology apply} all read this one
 * description (a worker test holds the worker's Spring declarations equal to it).
 *
 * @param exchanges every exchange, durable
 * @param queues    every queue, durable
 * @param bindings  every binding between them
 */
public record ExpectedTopology(List<ExpectedExchange> exchanges, List<ExpectedQueue> queues, List<ExpectedBinding> bindings) {

    /**
     * The {@code delivery-limit} that policy {@code sms-work-queues} of ops/rabbitmq/definitions.json
     * puts on the work queues: a message that crashes the worker 20 times goes to {@code sms.failed}.
     */
    public static final long WORK_QUEUE_DELIVERY_LIMIT = 20;
    /**
     * The {@code delivery-limit} of policy {@code sms-failed-keep}: as good as none (a billion reads),
     * because RabbitMQ 4.0-4.2 drops a quorum queue's message after 20 by default and {@code sms.failed}
     * has nowhere to dead-letter to; policies {@code sms-receipts-keep} and {@code sms-feedback-keep} set it on
     * {@code sms.receipts} and {@code sms.feedback} for the same reason. Not -1: RabbitMQ 3.x rejects it ("-1 is not a valid delivery limit").
     */
    public static final long FAILED_DELIVERY_LIMIT = 1_000_000_000L;

    public ExpectedTopology {
        exchanges = List.copyOf(exchanges);
        queues = List.copyOf(queues);
        bindings = List.copyOf(bindings);
    }

    /**
     * The topology for retry delays {@code delays} (one delay queue each, named by {@link Topology#delayQueue})
     * on quorum queues, or classic ones when {@code quorum} is false.
     */
    public static ExpectedTopology of(List<Duration> delays, boolean quorum) {
        List<ExpectedExchange> exchanges = new ArrayList<>(List.of(
                new ExpectedExchange(Topology.EXCHANGE, "topic", Topology.UNROUTED_EXCHANGE),
                new ExpectedExchange(Topology.UNROUTED_EXCHANGE, "fanout", null),
                new ExpectedExchange(Topology.FAILED_EXCHANGE, "fanout", null),
                new ExpectedExchange(Topology.EVENTS_EXCHANGE, "topic", null),
                new ExpectedExchange(Topology.RECEIPTS_EXCHANGE, "fanout", null)));
        List<ExpectedQueue> queues = new ArrayList<>();
        for (String work : List.of(Topology.OTP_QUEUE, Topology.SEND_QUEUE, Topology.UNROUTED_QUEUE)) {
            queues.add(new ExpectedQueue(work, QueueRole.WORK, deadLettering(quorum, Topology.FAILED_EXCHANGE),
                    Map.of(QueueSetting.DELIVERY_LIMIT, nullOr(WORK_QUEUE_DELIVERY_LIMIT))));
        }
        queues.add(new ExpectedQueue(Topology.FAILED_QUEUE, QueueRole.FAILED, base(quorum),
                Map.of(QueueSetting.DELIVERY_LIMIT, nullOr(FAILED_DELIVERY_LIMIT, -1L))));
        // Declared whether or not receipts are on: an empty queue costs nothing, and switching receipts on
        // then needs no topology change (verify mode, sms-ops topology apply).
        queues.add(new ExpectedQueue(Topology.RECEIPTS_QUEUE, QueueRole.RECEIPTS, base(quorum),
                Map.of(QueueSetting.DELIVERY_LIMIT, nullOr(FAILED_DELIVERY_LIMIT, -1L))));
        // Conversion feedback: declared and bound whether or not sms.feedback.enabled is on, for the same reason;
        // a worker with feedback off still drains it (FeedbackConsumer), so it never piles up.
        queues.add(new ExpectedQueue(Topology.FEEDBACK_QUEUE, QueueRole.FEEDBACK, base(quorum),
                Map.of(QueueSetting.DELIVERY_LIMIT, nullOr(FAILED_DELIVERY_LIMIT, -1L))));
        List<ExpectedBinding> bindings = new ArrayList<>(List.of(
                new ExpectedBinding(Topology.EXCHANGE, Topology.OTP_QUEUE, Kind.OTP.routingKey()),
                new ExpectedBinding(Topology.EXCHANGE, Topology.SEND_QUEUE, Kind.TRANSACTIONAL.routingKey()),
                new ExpectedBinding(Topology.EXCHANGE, Topology.SEND_QUEUE, Kind.MARKETING.routingKey()),
                new ExpectedBinding(Topology.UNROUTED_EXCHANGE, Topology.UNROUTED_QUEUE, ""),
                new ExpectedBinding(Topology.FAILED_EXCHANGE, Topology.FAILED_QUEUE, ""),
                new ExpectedBinding(Topology.RECEIPTS_EXCHANGE, Topology.RECEIPTS_QUEUE, ""),
                // An exact key, as the lanes' are: feedback.verified matches this binding and no lane's.
                new ExpectedBinding(Topology.EXCHANGE, Topology.FEEDBACK_QUEUE, Topology.FEEDBACK_ROUTING_KEY)));
        for (Duration delay : delays) {
            String name = Topology.delayQueue(delay);
            // A fanout exchange per tier keeps the message's own routing key (send.otp, ...), so when the
            // TTL dead-letters it back to [sms] it returns to the lane it came from.
            exchanges.add(new ExpectedExchange(name, "fanout", null));
            Map<String, Object> arguments = deadLettering(quorum, Topology.EXCHANGE);
            arguments.put(QueueSetting.MESSAGE_TTL.argument(), delay.toMillis());
            queues.add(new ExpectedQueue(name, QueueRole.DELAY, arguments, Map.of()));
            bindings.add(new ExpectedBinding(name, name, ""));
        }
        return new ExpectedTopology(exchanges, queues, bindings);
    }

    /** A queue whose rejected or expired messages go to {@code deadLetterExchange}, never dropped. */
    private static Map<String, Object> deadLettering(boolean quorum, String deadLetterExchange) {
        Map<String, Object> arguments = base(quorum);
        arguments.put(QueueSetting.DEAD_LETTER_EXCHANGE.argument(), deadLetterExchange);
        if (quorum) {
            // Quorum dead-lettering is at-most-once unless at-least-once is asked for, and that needs
            // reject-publish: a full queue must push back on publishers, not drop its head.
            arguments.put(QueueSetting.DEAD_LETTER_STRATEGY.argument(), "at-least-once");
            arguments.put(QueueSetting.OVERFLOW.argument(), "reject-publish");
        }
        return arguments;
    }

    private static Map<String, Object> base(boolean quorum) {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put(QueueSetting.QUEUE_TYPE.argument(), quorum ? "quorum" : "classic");
        return arguments;
    }

    private static Set<Object> nullOr(Object... values) {
        Set<Object> set = new HashSet<>(Arrays.asList(values));
        set.add(null);
        return set;
    }
}
