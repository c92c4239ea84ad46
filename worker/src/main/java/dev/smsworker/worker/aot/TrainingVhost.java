package dev.smsworker.worker.aot;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * The virtual host a training start works in, made and removed through RabbitMQ's management HTTP API
 * ({@code PUT /api/vhosts/{name}}, {@code PUT /api/permissions/{vhost}/{user}}, {@code DELETE /api/vhosts/{name}}):
 * the training traffic never touches the worker's own vhost, queues or events. Needs a user with the
 * {@code administrator} tag (guest on a development broker); anything else is a {@link Refused}.
 *
 * @param api  the management API's base URL, e.g. {@code http://127.0.0.1:15672}
 * @param name {@code sms-worker-aot-training-<random>}
 */
record TrainingVhost(URI api, String name, String user, String authorization) {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

    /** Why no vhost could be made: the training start then goes without messages. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason);
        }
    }

    /** Creates the vhost and gives {@code user} every permission in it. */
    static TrainingVhost create(URI api, String user, String password) throws Refused {
        String authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        TrainingVhost vhost = new TrainingVhost(api, "sms-worker-aot-training-" + UUID.randomUUID(), user, authorization);
        vhost.put("/api/vhosts/" + encode(vhost.name), "{\"description\":\"sms-worker AOT training start; removed when it ends\"}");
        try {
            vhost.put("/api/permissions/" + encode(vhost.name) + "/" + encode(user),
                    "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        } catch (Refused refused) {
            vhost.delete();
            throw refused;
        }
        return vhost;
    }

    /** Removes the vhost and everything in it; best effort (a vhost left behind is named for what it was). */
    boolean delete() {
        try {
            return send(HttpRequest.newBuilder(api.resolve("/api/vhosts/" + encode(name))).DELETE()).statusCode() / 100 == 2;
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    private void put(String path, String json) throws Refused {
        HttpResponse<String> response;
        try {
            response = send(HttpRequest.newBuilder(api.resolve(path)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json)));
        } catch (IOException e) {
            throw new Refused("no management API at " + api + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            // The status only: an error body can echo the request, and the request names the user. (HTTP/1.1: the JDK
        // client otherwise asks a plain-HTTP server to upgrade to h2c, which RabbitMQ's management listener refuses.)
            throw new Refused("the management API at " + api + " answered " + response.statusCode() + " to PUT " + path.split("/")[2]);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.header("Authorization", authorization).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Never prints the authorization. */
    @Override
    public String toString() {
        return "TrainingVhost[" + name + " at " + api + "]";
    }
}
