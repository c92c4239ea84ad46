package dev.smsworker.worker.consumer;

import dev.smsworker.worker.observability.Secrets;

import java.time.Duration;

/** The broker did not answer within {@code sms.broker.startup-timeout}. */
class BrokerUnreachableException extends RuntimeException {

    private final String broker;

    BrokerUnreachableException(String broker, Duration waited, Throwable cause) {
        // The cause is left out: a client exception may quote a URI with its password, and Spring logs causes.
        super("RabbitMQ at " + broker + " not reachable within " + waited + ": " + Secrets.redact(rootMessage(cause)));
        this.broker = broker;
    }

    public String broker() {
        return broker;
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }
}
