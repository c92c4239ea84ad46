package dev.smsworker.worker.routing;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * {@code /actuator/providers}: read every routed provider's state; switch one off or on at runtime with
 * {@code POST /actuator/providers/{name}} and {@code {"enabled": false}}; {@code DELETE} drops the
 * override. Not exposed over HTTP by default (it changes routing and has no auth of its own): add
 * {@code providers} to {@code management.endpoints.web.exposure.include} on a management port only
 * operators reach.
 */
@Component
@Endpoint(id = "providers")
class ProvidersEndpoint {

    private final ProviderStates states;
    private final ProviderSwitches switches;

    ProvidersEndpoint(ProviderStates states, ProviderSwitches switches) {
        this.states = states;
        this.switches = switches;
    }

    @ReadOperation
    Map<String, Object> providers() {
        return states.all();
    }

    @WriteOperation
    Map<String, Object> switchProvider(@Selector String name, boolean enabled) {
        requireRouted(name);
        switches.set(name, enabled);
        return states.all();
    }

    @DeleteOperation
    Map<String, Object> clearSwitch(@Selector String name) {
        requireRouted(name);
        switches.clear(name);
        return states.all();
    }

    private void requireRouted(String name) {
        if (!states.routed(name)) {
            throw new InvalidEndpointRequestException("no routed provider '" + name + "'", "unknown provider");
        }
    }
}
