package dev.smsworker.worker.consumer;

/** The broker did not answer within {@code sms.broker.startup-timeout}. */
public class BrokerUnreachableException extends RuntimeException {

    private final String broker;

    BrokerUnreachableException(String broker, java.time.Duration waited, Throwable cause) {
        super("RabbitMQ at " + broker + " not reachable within " + waited + ": " + rootMessage(cause), cause);
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
