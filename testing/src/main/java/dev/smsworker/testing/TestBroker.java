package dev.smsworker.testing;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RabbitMQ that integration tests use, driven through its management API as guest: the local broker
 * when it answers on 127.0.0.1:5672 and its management API on 15672 (these machines and CI), else a
 * Testcontainers broker where Docker exists ({@link #get()}); or the local broker with its Prometheus
 * plugin too, for tests that scrape it ({@link #local()}). The broker is shared with other tests and CI,
 * so each test class gets a vhost of its own ({@code test-<prefix>-<8 hex>}) and users named
 * {@code test-<role>-<8 hex>}, and deletes them afterwards.
 */
public final class TestBroker {

    /** The local broker's address and ports, which {@link #local()} requires. */
    public static final String HOST = "127.0.0.1";
    public static final int AMQP_PORT = 5672;
    public static final int MANAGEMENT_PORT = 15672;
    /** The {@code rabbitmq_prometheus} plugin's port: {@code /metrics} and {@code /metrics/detailed}. */
    public static final int PROMETHEUS_PORT = 15692;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CONNECTION_NAME = Pattern.compile("\"name\":\"([^\"]+)\"");
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

    /** The local broker when its AMQP and management ports answer, else a broker in Docker, started once. */
    public static synchronized TestBroker get() {
        if (instance == null) {
            instance = reachable(AMQP_PORT) && reachable(MANAGEMENT_PORT) ? localBroker() : container();
        }
        return instance;
    }

    /**
     * The local broker with the management and Prometheus plugins, for tests that point a real Prometheus at
     * it. Fails the test (an {@link AssertionError} that says how to start it) when one of its ports is closed.
     */
    public static TestBroker local() {
        for (int port : new int[] {AMQP_PORT, MANAGEMENT_PORT, PROMETHEUS_PORT}) {
            if (!reachable(port)) {
                throw new AssertionError("RabbitMQ with the management and prometheus plugins must answer on " + HOST + ":" + port
                        + " (bin/test starts it: rabbitmq-server -detached; rabbitmq-plugins enable rabbitmq_management rabbitmq_prometheus)");
            }
        }
        return localBroker();
    }

    private static TestBroker localBroker() {
        return new TestBroker(HOST, AMQP_PORT, "http://" + HOST + ":" + MANAGEMENT_PORT);
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
     * set_permissions}) on {@code vhost}. Delete it with {@link #deleteUser(String)}.
     */
    public void createUser(String user, String password, String vhost, String configure, String write, String read) {
        call("PUT", "/api/users/" + user, "{\"password\":\"" + json(password) + "\",\"tags\":\"\"}");
        call("PUT", "/api/permissions/" + vhost + "/" + user,
                "{\"configure\":\"" + json(configure) + "\",\"write\":\"" + json(write) + "\",\"read\":\"" + json(read) + "\"}");
    }

    /**
     * Creates a user named {@code test-<role>-<8 hex>} with a random password and the permissions that
     * {@code permission} (a definitions.json entry: {@code configure}, {@code write}, {@code read}) gives in
     * {@code vhost}. Delete it with {@link #deleteUser(User)}.
     */
    public User createUser(String role, String vhost, JsonNode permission) {
        User user = new User("test-" + role + "-" + UUID.randomUUID().toString().substring(0, 8), UUID.randomUUID().toString());
        createUser(user.name(), user.password(), vhost,
                permission.path("configure").asString(), permission.path("write").asString(), permission.path("read").asString());
        return user;
    }

    public void deleteUser(String user) {
        call("DELETE", "/api/users/" + user, null);
    }

    public void deleteUser(User user) {
        deleteUser(user.name());
    }

    /** Imports the vhost-scoped parts of a definitions file (policies, exchanges, queues, bindings) into {@code vhost}. */
    public void importDefinitions(String vhost, JsonNode vhostDefinitions) {
        call("POST", "/api/definitions/" + vhost, JSON.writeValueAsString(vhostDefinitions));
    }

    /** A queue as the management API shows it: {@code arguments}, {@code policy}, {@code messages}, ... */
    public JsonNode queue(String vhost, String name) {
        return JSON.readTree(call("GET", "/api/queues/" + vhost + "/" + name, null));
    }

    /** The management API's base URL, e.g. {@code http://127.0.0.1:15672}. */
    public String managementUrl() {
        return managementUrl;
    }

    /** A GET on the management API as guest, e.g. {@code /api/queues/<vhost>}; returns the JSON. */
    public String get(String path) {
        return call("GET", path, null);
    }

    /** A PUT on the management API as guest, e.g. a user's tags or an operator policy in a test's vhost. */
    public void put(String path, String json) {
        call("PUT", path, json);
    }

    /** A DELETE on the management API as guest; a 404 is fine. */
    public void delete(String path) {
        call("DELETE", path, null);
    }

    /** The broker's version, e.g. {@code 3.10.8}, from the management API. */
    public String version() {
        return JSON.readTree(call("GET", "/api/overview", null)).path("rabbitmq_version").asString("unknown");
    }

    /** The broker's major version, e.g. {@code 3} or {@code 4}. */
    public int majorVersion() {
        return Integer.parseInt(version().split("\\.")[0]);
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

    /** A connection as {@code user} to {@code vhost}, named after the user. */
    public Connection connect(String vhost, User user) {
        ConnectionFactory factory = connectionFactory(vhost);
        factory.setUsername(user.name());
        factory.setPassword(user.password());
        try {
            return factory.newConnection(user.name());
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect as " + user.name() + " to " + vhost, e);
        }
    }

    /** What an operator's {@code rabbitmqctl close_all_connections} does, for one vhost. Returns how many. */
    public int closeConnections(String vhost) {
        String list = call("GET", "/api/vhosts/" + vhost + "/connections?columns=name", null);
        Matcher names = CONNECTION_NAME.matcher(list);
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
        List<String> names = new ArrayList<>();
        for (JsonNode connection : connectionsOf(vhost)) {
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

    /**
     * Closes, from the broker's side, every connection in {@code vhost} except those the client named
     * one of {@code keep} (a connection the client left unnamed is closed). Returns how many were closed.
     */
    public int closeConnectionsExcept(String vhost, Set<String> keep) {
        int closed = 0;
        for (JsonNode connection : connectionsOf(vhost)) {
            if (!keep.contains(connection.path("client_properties").path("connection_name").asString(""))) {
                call("DELETE", "/api/connections/" + encode(connection.get("name").asString()), null);
                closed++;
            }
        }
        return closed;
    }

    private JsonNode connectionsOf(String vhost) {
        return JSON.readTree(call("GET", "/api/vhosts/" + encode(vhost) + "/connections", null));
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private String call(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(managementUrl + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
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

    private static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A broker user made by {@link #createUser(String, String, JsonNode)}. */
    public record User(String name, String password) {
    }
}
