package dev.smsworker.worker.routing;

import dev.smsworker.worker.observability.SmsMetrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    /** Provider call latency goes to the worker's own metric, sms_provider_latency_seconds. */
    @Bean
    CallTimer callTimer(SmsMetrics metrics) {
        return metrics::providerCall;
    }
}
