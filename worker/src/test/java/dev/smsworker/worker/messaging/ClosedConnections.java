package dev.smsworker.worker.messaging;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.ShutdownSignalException;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.lang.reflect.Proxy;

/**
 * A RabbitTemplate whose connection the broker has just closed, as the RabbitMQ client reports it:
 * opening a channel throws the client's own {@link AlreadyClosedException}. Spring's
 * {@code SimpleConnection.createChannel} converts only IOExceptions, and {@code RabbitTemplate}
 * rethrows a failed channel creation as it came, so this is what a publisher sees in the window
 * between the broker's close and the connection factory noticing it (seen in the chaos run, issue 9).
 */
public final class ClosedConnections {

    private ClosedConnections() {
    }

    public static RabbitTemplate template() {
        return new RabbitTemplate(factory());
    }

    /** The status-event publisher on the same closed connection: opening its channel throws the same way. */
    public static EventPublisher eventPublisher() {
        return new EventPublisher(factory(), new SimpleMeterRegistry());
    }

    private static ConnectionFactory factory() {
        com.rabbitmq.client.Connection delegate = (com.rabbitmq.client.Connection) Proxy.newProxyInstance(
                ClosedConnections.class.getClassLoader(), new Class<?>[]{com.rabbitmq.client.Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "createChannel" -> throw new AlreadyClosedException(
                            new ShutdownSignalException(true, false, null, "connection closed by the broker"));
                    case "isOpen" -> true;
                    case "toString" -> "closed connection";
                    case "hashCode" -> 0;
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        Connection connection = (Connection) Proxy.newProxyInstance(ClosedConnections.class.getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "createChannel" -> throw new AlreadyClosedException(
                            new ShutdownSignalException(true, false, null, "connection closed by the broker"));
                    case "getDelegate" -> delegate;
                    case "isOpen" -> true;
                    case "toString" -> "closed connection";
                    case "hashCode" -> 0;
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        return (ConnectionFactory) Proxy.newProxyInstance(ClosedConnections.class.getClassLoader(),
                new Class<?>[]{ConnectionFactory.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "createConnection" -> connection;
                    case "getHost" -> "localhost";
                    case "getPort" -> 5672;
                    case "getVirtualHost" -> "/";
                    case "getUsername" -> "guest";
                    case "isPublisherConfirms", "isSimplePublisherConfirms", "isPublisherReturns" -> false;
                    case "toString" -> "closed connection factory";
                    case "hashCode" -> 0;
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }
}
