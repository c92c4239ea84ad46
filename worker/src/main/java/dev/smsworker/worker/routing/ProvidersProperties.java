package dev.smsworker.worker.routing;

import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/**
 * @param order the failover order: within one attempt providers are tried in this order
 */
@ConfigurationProperties("sms.providers")
@Validated
record ProvidersProperties(@DefaultValue("simulator") @NotEmpty List<String> order) {
}
