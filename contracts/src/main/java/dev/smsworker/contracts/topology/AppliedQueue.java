package dev.smsworker.contracts.topology;

import java.util.HashMap;
import java.util.Map;

/**
 * A queue as the broker has it, from the management API's {@code /api/queues/{vhost}/{name}}.
 *
 * @param type            {@code quorum}, {@code classic} or {@code stream}
 * @param arguments       the {@code x-} arguments it was declared with
 * @param effectivePolicy {@code effective_policy_definition}: the policy and the operator policy merged
 *                        (the smaller value where both set a limit); empty when none applies
 * @param policy          the applied policy's name, or null
 * @param operatorPolicy  the applied operator policy's name, or null
 */
public record AppliedQueue(String name, String type, Map<String, Object> arguments, Map<String, Object> effectivePolicy,
                           String policy, String operatorPolicy) {

    public AppliedQueue {
        arguments = normalized(arguments);
        effectivePolicy = normalized(effectivePolicy);
    }

    /**
     * The value RabbitMQ 3.10+ applies for {@code setting}, or null when nothing sets it. Limits (TTLs,
     * lengths, delivery limit, expiry): the smallest of argument and policies. The dead-letter exchange and
     * routing key: the argument wins. Overflow and dead-letter strategy: on quorum queues the policy wins
     * (rabbit_quorum_queue: "Policy takes precedence because it's a new key introduced in v3.10"), on
     * classic queues the argument.
     */
    public Object effective(QueueSetting setting) {
        if (setting == QueueSetting.QUEUE_TYPE) {
            return type;
        }
        Object argument = arguments.get(setting.argument());
        Object fromPolicy = effectivePolicy.get(setting.key());
        if (argument == null || fromPolicy == null) {
            return argument != null ? argument : fromPolicy;
        }
        if (setting.isLimit() && argument instanceof Long a && fromPolicy instanceof Long p) {
            return Math.min(a, p);
        }
        boolean policyWins = "quorum".equals(type)
                && (setting == QueueSetting.OVERFLOW || setting == QueueSetting.DEAD_LETTER_STRATEGY);
        return policyWins ? fromPolicy : argument;
    }

    /** Where the effective value of {@code setting} comes from, for an operator: argument or policy name. */
    public String source(QueueSetting setting) {
        Object value = effective(setting);
        if (value == null) {
            return "not set";
        }
        if (setting == QueueSetting.QUEUE_TYPE || value.equals(arguments.get(setting.argument()))) {
            return "queue argument";
        }
        if (operatorPolicy != null && policy != null) {
            return "policy " + policy + " / operator policy " + operatorPolicy;
        }
        return operatorPolicy != null ? "operator policy " + operatorPolicy : "policy " + policy;
    }

    /** Integers as {@link Long} so 500 from JSON equals 500L from a {@code Duration}. */
    static Object normalize(Object value) {
        return value instanceof Integer || value instanceof Short || value instanceof Byte
                ? Long.valueOf(((Number) value).longValue()) : value;
    }

    private static Map<String, Object> normalized(Map<String, Object> values) {
        Map<String, Object> copy = new HashMap<>();
        if (values != null) {
            values.forEach((key, value) -> {
                if (value != null) {
                    copy.put(key, normalize(value));
                }
            });
        }
        return Map.copyOf(copy);
    }
}
