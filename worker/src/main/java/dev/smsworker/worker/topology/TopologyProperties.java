package dev.smsworker.worker.topology;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param queueType quorum (default, RabbitMQ >= 3.10) or classic
 */
@ConfigurationProperties("sms.topology")
public record TopologyProperties(@DefaultValue("QUORUM") QueueType queueType) {
}
