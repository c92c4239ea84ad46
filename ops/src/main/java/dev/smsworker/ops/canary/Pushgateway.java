package dev.smsworker.ops.canary;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Pushes the canary's metrics to a Prometheus Pushgateway, replacing the group {@code job=sms_canary, kind=<kind>}. */
final class Pushgateway {

    private Pushgateway() {
    }

    /** @throws IOException when the gateway is unreachable or answers other than 2xx */
    static void push(URI gateway, String kind, String text) throws IOException, InterruptedException {
        String base = gateway.toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/metrics/job/sms_canary/kind/" + URLEncoder.encode(kind, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/plain; version=0.0.4")
                .PUT(HttpRequest.BodyPublishers.ofString(text))
                .build();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("pushgateway " + uri + " answered " + response.statusCode() + ": " + response.body());
            }
        }
    }
}
