package dev.smsworker.worker.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param confirmTimeout how long to wait for the broker to confirm a republish before handing the message back
 */
@ConfigurationProperties("sms.publish")
record PublishProperties(@DefaultValue("10s") Duration confirmTimeout) {
}
