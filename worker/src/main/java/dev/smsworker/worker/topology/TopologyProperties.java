package dev.smsworker.worker.topology;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * @param queueType  quorum (default, RabbitMQ >= 3.10) or classic
 * @param mode       {@code declare}: the worker declares its topology at start (a fresh broker just works);
 *                   {@code verify}: a deploy step applied it (definitions or {@code sms-ops topology apply})
 *                   and the worker only checks it exists, so its broker user needs no configure permission
 * @param driftCheck how often the worker compares what the broker applies with what it declared
 * @param management where that comparison reads from: RabbitMQ's management HTTP API
 */
@ConfigurationProperties("sms.topology")
public record TopologyProperties(
        @DefaultValue("QUORUM") QueueType queueType,
        @DefaultValue("DECLARE") TopologyMode mode,
        @DefaultValue DriftCheck driftCheck,
        @DefaultValue Management management) {

    /**
     * @param enabled  false switches the drift check off (health then says so)
     * @param interval between checks; the first runs at start-up
     */
    public record DriftCheck(@DefaultValue("true") boolean enabled, @DefaultValue("1m") Duration interval) {
    }

    /**
     * Each null falls back to the AMQP connection's: {@code http://<the broker's host>:15672} and its
     * username and password. A user tagged {@code monitoring} (sms-monitoring in the definitions) is enough.
     * With several nodes in {@code spring.rabbitmq.addresses} the URL must be set: the check does not guess
     * which node's API to read, and reports itself unavailable until it is.
     */
    public record Management(URI url, String username, String password) {
    }
}
