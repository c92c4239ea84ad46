package dev.smsworker.ops.connection;

import dev.smsworker.contracts.Topology;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeoutException;

/** Opens connections from {@link BrokerSettings}. */
public final class BrokerConnections {

    private BrokerConnections() {
    }

    /**
     * Opens a connection named {@code sms-ops <purpose>} (as shown in the management UI).
     *
     * @throws IOException when the broker is unreachable or refuses the login
     */
    public static Connection open(BrokerSettings settings, String purpose) throws IOException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(settings.host());
        factory.setPort(settings.port());
        factory.setVirtualHost(settings.vhost());
        factory.setUsername(settings.user());
        factory.setPassword(settings.password());
        factory.setConnectionTimeout(5_000);
        factory.setRequestedHeartbeat(30);
        // A tool that moves messages must not reconnect behind our back: a new connection would
        // not hold the deliveries this one had, and our bookkeeping would lie.
        factory.setAutomaticRecoveryEnabled(false);
        // sms.failed keeps oversized requests as they came; the client's 64 MiB default would close the
        // connection on one of them. RabbitMQ never holds more than 512 MiB per message.
        factory.setMaxInboundMessageBodySize(Topology.MAX_MESSAGE_BYTES);
        if (settings.tls()) {
            try {
                // The JVM's trust store (javax.net.ssl.trustStore), never the trust-all default of useSslProtocol().
                factory.useSslProtocol(SSLContext.getDefault());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no TLS in this JVM", e);
            }
            factory.enableHostnameVerification();
        }
        try {
            return factory.newConnection("sms-ops " + purpose);
        } catch (TimeoutException e) {
            throw new IOException("no answer from " + settings + " within 5s");
        } catch (IOException e) {
            // The description replaces the cause: the handler prints messages, and the cause's would win.
            throw new IOException("cannot connect to " + settings + ": " + BrokerErrors.describe(e));
        }
    }
}
