package dev.smsworker.worker.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The worker's readiness probe as Kubernetes calls it: {@code GET /actuator/health/readiness}. */
public final class Readiness {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Readiness() {
    }

    public static boolean ready(RunningWorker worker) {
        return get(worker).statusCode() == 200;
    }

    /** The probe's answer: 200 when ready, 503 and the components' details when not. */
    public static HttpResponse<String> get(RunningWorker worker) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.port() + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
