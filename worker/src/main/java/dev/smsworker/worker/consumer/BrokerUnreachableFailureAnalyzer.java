package dev.smsworker.worker.consumer;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Replaces the stack trace of a failed start-up with one clear statement of what is wrong. */
class BrokerUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<BrokerUnreachableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BrokerUnreachableException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Start RabbitMQ, or point spring.rabbitmq.host/port (or addresses) at it; "
                        + "sms.broker.startup-timeout sets how long to wait.", null);
    }
}
