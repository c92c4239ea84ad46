package dev.smsworker.worker.support;

import org.testcontainers.rabbitmq.RabbitMQContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The RabbitMQ that integration tests use: the local broker when it answers on 127.0.0.1:5672 (these
 * machines and CI), else a Testcontainers broker where Docker exists. The broker is shared, so each
 * test class gets a vhost of its own and deletes it afterwards.
 */
public final class TestBroker {

    private static TestBroker instance;

    public final String host;
    public final int amqpPort;
    private final String managementUrl;
    // HTTP/1.1: the management plugin's server closes connections that offer an h2c upgrade.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestBroker(String host, int amqpPort, String managementUrl) {
        this.host = host;
        this.amqpPort = amqpPort;
        this.managementUrl = managementUrl;
    }

    public static synchronized TestBroker get() {
        if (instance == null) {
            instance = reachable("127.0.0.1", 5672) && reachable("127.0.0.1", 15672)
                    ? new TestBroker("127.0.0.1", 5672, "http://127.0.0.1:15672")
                    : container();
        }
        return instance;
    }

    private static TestBroker container() {
        RabbitMQContainer container = new RabbitMQContainer("rabbitmq:4-management");
        container.start();
        return new TestBroker(container.getHost(), container.getAmqpPort(), container.getHttpUrl());
    }

    /** Creates a fresh vhost that guest may use fully; its name starts with {@code prefix}. */
    public String createVhost(String prefix) {
        String vhost = "test-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        call("PUT", "/api/vhosts/" + vhost, "{}");
        call("PUT", "/api/permissions/" + vhost + "/guest", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        return vhost;
    }

    public void deleteVhost(String vhost) {
        call("DELETE", "/api/vhosts/" + vhost, null);
    }

    /** A GET on the management API, e.g. {@code /api/queues/<vhost>}; returns the JSON. */
    public String get(String path) {
        return call("GET", path, null);
    }

    /** The management API's base URL, e.g. {@code http://127.0.0.1:15672}. */
    public String managementUrl() {
        return managementUrl;
    }

    /** A PUT on the management API, e.g. an operator policy in a test's vhost. */
    public void put(String path, String json) {
        call("PUT", path, json);
    }

    /** A DELETE on the management API; a 404 is fine. */
    public void delete(String path) {
        call("DELETE", path, null);
    }

    /** What an operator's {@code rabbitmqctl close_all_connections} does, for one vhost. Returns how many. */
    public int closeConnections(String vhost) {
        String list = call("GET", "/api/vhosts/" + vhost + "/connections?columns=name", null);
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("\"name\":\"([^\"]+)\"").matcher(list);
        int closed = 0;
        while (names.find()) {
            call("DELETE", "/api/connections/" + encode(names.group(1)), null);
            closed++;
        }
        return closed;
    }

    /**
     * The names of {@code vhost}'s connections that the client named {@code connectionName}. The
     * management API lists a new connection only after its next statistics round (up to 5s).
     */
    public List<String> connections(String vhost, String connectionName) {
        JsonNode connections = JsonMapper.builder().build().readTree(call("GET", "/api/vhosts/" + encode(vhost) + "/connections", null));
        List<String> names = new ArrayList<>();
        for (JsonNode connection : connections) {
            if (connectionName.equals(connection.path("client_properties").path("connection_name").asString())) {
                names.add(connection.get("name").asString());
            }
        }
        return names;
    }

    /**
     * Closes, from the broker's side, every connection in {@code vhost} that the client named
     * {@code connectionName}: what a network cut or a broker restart does to that client.
     * Returns how many were closed.
     */
    public int closeConnections(String vhost, String connectionName) {
        List<String> names = connections(vhost, connectionName);
        names.forEach(name -> call("DELETE", "/api/connections/" + encode(name), null));
        return names.size();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String call(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(managementUrl + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
                throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("management API unreachable at " + managementUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
