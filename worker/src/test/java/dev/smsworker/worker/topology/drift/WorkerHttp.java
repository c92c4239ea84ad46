package dev.smsworker.worker.topology.drift;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** The worker's actuator, as Prometheus and an orchestrator see it. */
record WorkerHttp(int port) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** {@code /actuator/health/<path>}: HTTP status and body. */
    Answer health(String path) {
        HttpResponse<String> response = get("/actuator/health/" + path);
        return new Answer(response.statusCode(), JsonMapper.builder().build().readTree(response.body()));
    }

    /** The {@code sms_topology_drift} series in the Prometheus scrape. */
    List<String> driftSeries() {
        return get("/actuator/prometheus").body().lines().filter(line -> line.startsWith("sms_topology_drift{")).toList();
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Answer(int status, JsonNode body) {
    }
}
