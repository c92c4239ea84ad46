package dev.smsworker.ops.observability;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.fail;

/**
 * The local RabbitMQ (127.0.0.1: AMQP 5672, management 15672, Prometheus 15692) these tests need,
 * driven through its management API as guest. It is shared with other tests and CI: everything made
 * here is named {@code test-obs-...} and deleted afterwards.
 */
final class TestBroker {

    static final String HOST = "127.0.0.1";
    static final int AMQP_PORT = 5672;
    static final int PROMETHEUS_PORT = 15692;
    private static final String MANAGEMENT = "http://127.0.0.1:15672";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    // HTTP/1.1: the management plugin's server closes connections that offer an h2c upgrade.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static TestBroker local() {
        for (int port : new int[] {AMQP_PORT, 15672, PROMETHEUS_PORT}) {
            if (!reachable(port)) {
                fail("RabbitMQ with the management and prometheus plugins must answer on " + HOST + ":" + port
                        + " (bin/test starts it: rabbitmq-server -detached; rabbitmq-plugins enable rabbitmq_management rabbitmq_prometheus)");
            }
        }
        return new TestBroker();
    }

    int majorVersion() {
        return Integer.parseInt(call("GET", "/api/overview", null).path("rabbitmq_version").asString().split("\\.")[0]);
    }

    String createVhost(String purpose) {
        String vhost = "test-obs-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        call("PUT", "/api/vhosts/" + vhost, "{}");
        call("PUT", "/api/permissions/" + vhost + "/guest", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        return vhost;
    }

    void deleteVhost(String vhost) {
        call("DELETE", "/api/vhosts/" + vhost, null);
    }

    /** A user with a random password and the permissions {@code permission} (a definitions.json entry) gives, in {@code vhost}. */
    User createUser(String role, String vhost, JsonNode permission) {
        User user = new User("test-obs-" + role + "-" + UUID.randomUUID().toString().substring(0, 8), UUID.randomUUID().toString());
        call("PUT", "/api/users/" + user.name(), "{\"password\":\"" + user.password() + "\",\"tags\":\"\"}");
        ObjectNode regexes = JSON.createObjectNode();
        for (String kind : new String[] {"configure", "write", "read"}) {
            regexes.put(kind, permission.path(kind).asString());
        }
        call("PUT", "/api/permissions/" + vhost + "/" + user.name(), JSON.writeValueAsString(regexes));
        return user;
    }

    void deleteUser(User user) {
        call("DELETE", "/api/users/" + user.name(), null);
    }

    /** Imports the vhost-scoped parts of a definitions file (policies, exchanges, queues, bindings) into {@code vhost}. */
    void importDefinitions(String vhost, JsonNode vhostDefinitions) {
        call("POST", "/api/definitions/" + vhost, JSON.writeValueAsString(vhostDefinitions));
    }

    JsonNode queue(String vhost, String name) {
        return call("GET", "/api/queues/" + vhost + "/" + name, null);
    }

    Connection connect(String vhost, User user) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(AMQP_PORT);
        factory.setVirtualHost(vhost);
        factory.setUsername(user.name());
        factory.setPassword(user.password());
        try {
            return factory.newConnection("test-obs-" + user.name());
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect as " + user.name() + " to " + vhost, e);
        }
    }

    private JsonNode call(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(MANAGEMENT + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
                throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("management API unreachable at " + MANAGEMENT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    record User(String name, String password) {
    }
}
