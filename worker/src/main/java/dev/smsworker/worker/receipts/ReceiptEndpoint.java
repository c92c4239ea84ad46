package dev.smsworker.worker.receipts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.worker.messaging.PublishFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /receipts/<provider>}: reads the request (bounded), lets the provider's format check and read it, stores
 * what it accepted with a confirm, then answers: 200 stored or ignored, 403 not authentic, 400 unreadable,
 * 405 wrong method, 413 too large, 503 not stored (the provider calls again). Logs never carry the body, the
 * number or a signature.
 */
final class ReceiptEndpoint implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(ReceiptEndpoint.class);

    private final ReceiptFormat format;
    private final ReceiptPublisher publisher;
    private final ReceiptMetrics metrics;
    private final Clock clock;
    private final int maxBodyBytes;

    ReceiptEndpoint(ReceiptFormat format, ReceiptPublisher publisher, ReceiptMetrics metrics, Clock clock, int maxBodyBytes) {
        this.format = format;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    String path() {
        return "/receipts/" + format.provider();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            answer(exchange, respond(exchange));
        }
    }

    private int respond(HttpExchange exchange) throws IOException {
        // The JDK server routes by prefix: /receipts/twilio2 would land here too.
        if (!exchange.getRequestURI().getRawPath().equals(path())) {
            return 404;
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        if (!format.accepts(method)) {
            return count(405, "wrong-method");
        }
        byte[] body = tooLong(exchange.getRequestHeaders().getFirst("Content-Length")) ? null : readBounded(exchange.getRequestBody());
        if (body == null) {
            return count(413, "too-large");
        }
        InboundRequest request = new InboundRequest(method, path(), exchange.getRequestURI().getRawQuery(),
                headers(exchange), body, clock.instant());
        return switch (format.read(request)) {
            case Verdict.Accepted accepted -> store(accepted.receipts());
            case Verdict.Rejected rejected -> count(403, rejected.result());
            case Verdict.Malformed malformed -> {
                log.info("{} receipt refused: {}", format.provider(), malformed.reason());
                yield count(400, "malformed");
            }
            case Verdict.Ignored ignored -> count(200, "ignored");
        };
    }

    private int store(List<DeliveryReceipt> receipts) {
        try {
            for (DeliveryReceipt receipt : receipts) {
                publisher.store(receipt);
            }
        } catch (PublishFailedException e) {
            // A part may be stored already: the provider's retry stores it again, which the consumer ignores.
            log.warn("{} receipt not stored, answering 503 so the provider retries: {}", format.provider(), e.getMessage());
            return count(503, "unavailable");
        }
        return count(200, "accepted");
    }

    private int count(int status, String result) {
        metrics.request(format.provider(), result);
        return status;
    }

    /** A stated Content-Length over the bound: refused before a byte is read. */
    private boolean tooLong(String contentLength) {
        return contentLength != null && contentLength.matches("\\d{1,18}") && Long.parseLong(contentLength) > maxBodyBytes;
    }

    /** The body, or null when it is longer than allowed (chunked bodies state no length). */
    private byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(maxBodyBytes + 1);
        return bytes.length > maxBodyBytes ? null : bytes;
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return headers;
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        // -1: no body. Providers read only the status.
        exchange.sendResponseHeaders(status, -1);
    }
}
