package dev.smsworker.worker.aot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for Twilio's Messages API on 127.0.0.1, for the training start only: answers every POST with
 * Twilio's {@code 201 Created} and a message SID, as {@code ../shared/provider-specs} describe it, so the training
 * traffic runs the real provider path (OkHttp, the request form, the answer's classification) and nothing leaves
 * the machine.
 */
final class TrainingProvider implements AutoCloseable {

    private final HttpServer server;
    private final AtomicLong calls = new AtomicLong();

    private TrainingProvider(HttpServer server) {
        this.server = server;
    }

    /** Listens on an ephemeral port of the loopback interface. */
    static TrainingProvider start() throws IOException {
        // The JDK's server closes idle connections beyond 200 (sun.net.httpserver.ServerConfig); the worker keeps one
        // per send in flight (up to thousands) and never resends a POST on a connection the server closed, so each
        // of those would fail as "io-error-after-write". Read once, when the first server is made.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "65536");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        TrainingProvider provider = new TrainingProvider(server);
        server.createContext("/", provider::answer);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return provider;
    }

    /** {@code http://127.0.0.1:<port>}: Twilio's base URL for the training start. */
    String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** Calls answered so far. */
    long calls() {
        return calls.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream request = exchange.getRequestBody()) {
            request.readAllBytes();
            long n = calls.incrementAndGet();
            byte[] body = ("{\"sid\":\"SM%032x\",\"status\":\"queued\",\"error_code\":null}".formatted(n))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
