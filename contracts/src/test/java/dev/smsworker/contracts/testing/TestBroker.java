package dev.smsworker.contracts.testing;

import com.rabbitmq.client.ConnectionFactory;
import org.testcontainers.rabbitmq.RabbitMQContainer;

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

/**
 * The RabbitMQ that integration tests use: the local broker when it answers on 127.0.0.1:5672 and its
 * management API on 15672 (these machines and CI), else a Testcontainers broker where Docker exists.
 * The broker is shared, so each test class gets a vhost of its own and deletes it afterwards.
 * Shipped in this module's test-jar for ops' tests.
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

    /** Creates a fresh vhost that guest may use fully; its name starts with {@code test-<prefix>-}. */
    public String createVhost(String prefix) {
        String vhost = "test-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        call("PUT", "/api/vhosts/" + vhost, "{}");
        call("PUT", "/api/permissions/" + vhost + "/guest", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        return vhost;
    }

    public void deleteVhost(String vhost) {
        call("DELETE", "/api/vhosts/" + vhost, null);
    }

    /**
     * Creates a user with only the given permissions (regular expressions, as in {@code rabbitmqctl
     * set_permissions}) on {@code vhost}. Delete it with {@link #deleteUser}.
     */
    public void createUser(String user, String password, String vhost, String configure, String write, String read) {
        call("PUT", "/api/users/" + user, "{\"password\":\"" + password + "\",\"tags\":\"\"}");
        call("PUT", "/api/permissions/" + vhost + "/" + user,
                "{\"configure\":\"" + json(configure) + "\",\"write\":\"" + json(write) + "\",\"read\":\"" + json(read) + "\"}");
    }

    public void deleteUser(String user) {
        call("DELETE", "/api/users/" + user, null);
    }

    /** The management API's base URL, e.g. {@code http://127.0.0.1:15672}. */
    public String managementUrl() {
        return managementUrl;
    }

    /** A PUT on the management API as guest, e.g. a user's tags or an operator policy in a test's vhost. */
    public void put(String path, String json) {
        call("PUT", path, json);
    }

    /** A DELETE on the management API as guest; a 404 is fine. */
    public void delete(String path) {
        call("DELETE", path, null);
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** A connection factory for guest on {@code vhost}. */
    public ConnectionFactory connectionFactory(String vhost) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(amqpPort);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setVirtualHost(vhost);
        return factory;
    }

    /** The broker's version, e.g. {@code 3.10.8}, from the management API. */
    public String version() {
        String body = call("GET", "/api/overview", null);
        int at = body.indexOf("\"rabbitmq_version\":\"");
        return at < 0 ? "unknown" : body.substring(at + 20, body.indexOf('"', at + 20));
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
