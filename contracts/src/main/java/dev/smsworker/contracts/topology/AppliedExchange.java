package dev.smsworker.contracts.topology;

import java.util.Map;

/**
 * An exchange as the broker has it, from {@code /api/exchanges/{vhost}/{name}}.
 *
 * @param arguments its declared arguments ({@code alternate-exchange}, ...)
 */
public record AppliedExchange(String name, String type, Map<String, Object> arguments) {

    public AppliedExchange {
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
    }

    public String alternateExchange() {
        Object value = arguments.get("alternate-exchange");
        return value == null ? null : value.toString();
    }
}
