package dev.smsworker.worker.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxMessageSize a message body above this is failed as malformed before it is parsed
 */
@ConfigurationProperties("sms.intake")
record IntakeProperties(@DefaultValue("32KB") DataSize maxMessageSize) {
}
