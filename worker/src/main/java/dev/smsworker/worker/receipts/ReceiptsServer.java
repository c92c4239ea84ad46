package dev.smsworker.worker.receipts;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The receipts port: the JDK's own HTTP server ({@code com.sun.net.httpserver}), one virtual thread per request,
 * serving only {@code /receipts/*}. Not a second Spring web server: it must never share the actuator's endpoints
 * (the {@code providers} endpoint can switch providers off), and five POST handlers need no framework.
 * Starts last and stops first, so no receipt arrives while the broker connection is closing.
 */
final class ReceiptsServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReceiptsServer.class);

    private final ReceiptsProperties properties;
    private final List<ReceiptEndpoint> endpoints;
    private HttpServer server;
    private ExecutorService executor;

    ReceiptsServer(ReceiptsProperties properties, List<ReceiptEndpoint> endpoints) {
        this.properties = properties;
        this.endpoints = endpoints;
    }

    @Override
    public void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(properties.address(), properties.port()), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("receipts port " + properties.address() + ":" + properties.port() + " unavailable", e);
        }
        executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sms-receipt-", 0).factory());
        server.setExecutor(executor);
        for (ReceiptEndpoint endpoint : endpoints) {
            server.createContext(endpoint.path(), endpoint);
        }
        server.start();
        log.info("receipts listening on {}:{} ({})", properties.address(), port(),
                String.join(", ", endpoints.stream().map(ReceiptEndpoint::path).toList()));
    }

    /** The port it listens on (the chosen one when configured as 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void stop() {
        // Up to a second for requests in progress: their receipt is stored and answered, or the provider retries.
        server.stop(1);
        executor.close();
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
