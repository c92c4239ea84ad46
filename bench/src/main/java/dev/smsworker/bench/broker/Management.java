package dev.smsworker.bench.broker;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** The shared broker's management API: a vhost of our own for the benchmark, removed afterwards. */
public final class Management {

    private final String baseUrl;
    // HTTP/1.1: the management plugin's server closes connections that offer an h2c upgrade.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public Management(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Creates {@code prefix-<random>} with full permissions for guest. */
    public String createVhost(String prefix) {
        String vhost = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        call("PUT", "/api/vhosts/" + encode(vhost), "{}");
        call("PUT", "/api/permissions/" + encode(vhost) + "/guest", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        return vhost;
    }

    public void deleteVhost(String vhost) {
        call("DELETE", "/api/vhosts/" + encode(vhost), null);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private void call(String method, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
                throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("management API at " + baseUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
