package dev.smsworker.bench.perf;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * The one endpoint the harness asks a reference worker (perf/lean, perf/spring) for: {@code GET
 * /actuator/health/readiness} on 127.0.0.1, answered 200 once the worker consumes, as sms-worker's actuator does,
 * so {@code WorkerProcess.awaitReady} starts and times every worker the same way. Nothing else is served.
 */
public final class ReadinessEndpoint implements AutoCloseable {

    private final HttpServer server;

    private ReadinessEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts answering on {@code port} (the {@code --server.port} the harness hands every worker).
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static ReadinessEndpoint start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/actuator/health/readiness", exchange -> {
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return new ReadinessEndpoint(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve readiness on port " + port, e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
