package dev.smsworker.worker.providers.simulator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The built-in simulator: sends nothing, answers like a provider. For local runs, demos and canaries.
 *
 * @param latency            how long each "send" takes
 * @param retryableRate      share of sends (0..1) that fail retryably
 * @param providerFatalRate  share that fail as provider-fatal
 * @param messageFatalRate   share that fail as message-fatal
 */
@ConfigurationProperties("sms.providers.simulator")
record SimulatorProperties(
        @DefaultValue("20ms") Duration latency,
        @DefaultValue("0") double retryableRate,
        @DefaultValue("0") double providerFatalRate,
        @DefaultValue("0") double messageFatalRate) {
}
