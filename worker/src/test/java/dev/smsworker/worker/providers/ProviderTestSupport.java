package dev.smsworker.worker.providers;

import dev.smsworker.contracts.Kind;
import dev.smsworker.worker.providers.http.ProviderHttpClients;
import dev.smsworker.worker.providers.http.ProviderTimeouts;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import dev.smsworker.worker.providers.http.TestHttpClients;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What every provider adapter test needs: clients with short timeouts, test messages, failures to inject. */
public final class ProviderTestSupport {

    public static final Duration CONNECT_BACKOFF = Duration.ofMillis(300);
    public static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    public static final Duration READ_TIMEOUT = Duration.ofMillis(1000);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    public static final ProviderTimeouts TIMEOUTS = new ProviderTimeouts(CONNECT_TIMEOUT, READ_TIMEOUT, CALL_TIMEOUT);
    public static final JsonMapper JSON = JsonMapper.builder().build();
    /** The providers' clock in tests: validity is measured from this instant. */
    public static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** Receipts on, as {@code CallbackUrls} builds them for {@code sms.receipts.public-url=https://dlr.example.com}. */
    public static final ReceiptCallbacks RECEIPTS_ON = new ReceiptCallbacks(Map.of(
            "twilio", HttpUrl.get("https://dlr.example.com/receipts/twilio"),
            "vonage", HttpUrl.get("https://dlr.example.com/receipts/vonage"),
            "sinch", HttpUrl.get("https://sinch-user:sinch-pass@dlr.example.com/receipts/sinch"),
            "http", HttpUrl.get("https://dlr.example.com/receipts/http")), Duration.ofSeconds(30));

    private ProviderTestSupport() {
    }

    /** Three connect attempts, {@link #CONNECT_BACKOFF} apart. */
    public static ProviderHttpClients clients() {
        return TestHttpClients.withConnectAttempts(3, CONNECT_BACKOFF);
    }

    public static OutgoingSms sms(String messageId) {
        return new OutgoingSms(messageId, "corr-1", "+4791234567", "Your code is 123456", null, Kind.OTP);
    }

    /** A message that expires {@code validFor} after {@link #NOW}. */
    public static OutgoingSms smsValidFor(String messageId, Duration validFor) {
        return new OutgoingSms(messageId, "corr-1", "+4791234567", "Your code is 123456", null, Kind.OTP, NOW.plus(validFor));
    }

    public static OutgoingSms smsFrom(String messageId, String from) {
        return new OutgoingSms(messageId, "corr-1", "+4791234567", "Your code is 123456", from, Kind.OTP);
    }

    /** An answer that starts only after the read timeout: the request was written, the outcome is unknown. */
    public static MockResponse answerAfterTheReadTimeout() {
        return new MockResponse.Builder().code(200).body("{}")
                .headersDelay(READ_TIMEOUT.toMillis() * 4, TimeUnit.MILLISECONDS).build();
    }

    public static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }

    /** A port nothing listens on (right now): connecting is refused before a byte is written. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code server} on {@code port} after {@code delay}, in the background: a provider that comes up late. */
    public static void startLater(MockWebServer server, int port, Duration delay) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(delay);
                server.start(port);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public static String body(RecordedRequest request) {
        return request.getBody() == null ? "" : request.getBody().utf8();
    }

    public static Map<String, String> form(RecordedRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body(request).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    public static JsonNode jsonBody(RecordedRequest request) {
        return JSON.readTree(body(request));
    }

    public static String basicAuth(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
