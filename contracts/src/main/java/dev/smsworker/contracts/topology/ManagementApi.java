package dev.smsworker.contracts.topology;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a vhost's exchanges and queues from RabbitMQ's management HTTP API: two GETs, read-only, so a
 * user tagged {@code monitoring} is enough. Needs Jackson 3 (an optional dependency of this module).
 */
public final class ManagementApi {

    /** RabbitMQ's management listener's default ports: plain HTTP, and HTTPS. */
    public static final int DEFAULT_PORT = 15672;
    public static final int DEFAULT_TLS_PORT = 15671;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String shown;
    private final String vhost;
    private final String authorization;
    private HttpClient http;

    /**
     * The API's URL guessed from a broker host: {@code http://<host>:15672}, or {@code https://<host>:15671}. An
     * IPv6 literal ({@code ::1}, {@code fd00::5}) goes in brackets (RFC 3986, 3.2.2): concatenated bare,
     * {@code http://::1:15672} names no host at all.
     *
     * @param host a host name, an IPv4 address or an IPv6 literal, bracketed or not
     */
    public static URI defaultUrl(String host, boolean tls) {
        String inUri = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create((tls ? "https://" : "http://") + inUri + ":" + (tls ? DEFAULT_TLS_PORT : DEFAULT_PORT));
    }

    /**
     * @param base     e.g. {@code http://rabbitmq:15672}, or with a path prefix behind a proxy
     * @param vhost    the vhost whose topology to read
     * @param username a user tagged {@code monitoring} (or management/administrator) with access to {@code vhost}
     */
    public ManagementApi(URI base, String vhost, String username, String password) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        // Never a password in a log line or health detail, even one written into the URL.
        this.shown = this.base.getRawUserInfo() == null ? this.base.toString()
                : this.base.toString().replace(this.base.getRawUserInfo() + "@", "");
        this.vhost = vhost;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Everything in the vhost, by name.
     *
     * @throws Unavailable when the API can't be read: no management plugin, a refused login, a missing
     *                     vhost, a timeout; the message says which, without credentials
     */
    public BrokerView read() throws Unavailable {
        Map<String, AppliedExchange> exchanges = new HashMap<>();
        for (Map<String, Object> e : list("/api/exchanges/" + encode(vhost) + "?columns=name,type,arguments")) {
            String name = String.valueOf(e.get("name"));
            exchanges.put(name, new AppliedExchange(name, String.valueOf(e.get("type")), map(e.get("arguments"))));
        }
        Map<String, AppliedQueue> queues = new HashMap<>();
        for (Map<String, Object> q : list("/api/queues/" + encode(vhost))) {
            String name = String.valueOf(q.get("name"));
            queues.put(name, new AppliedQueue(name, text(q.get("type")), map(q.get("arguments")),
                    map(q.get("effective_policy_definition")), text(q.get("policy")), text(q.get("operator_policy"))));
        }
        return new BrokerView(exchanges, queues);
    }

    /** Where this reads from, for messages: no credentials. */
    @Override
    public String toString() {
        return shown + " vhost " + vhost;
    }

    private List<Map<String, Object>> list(String path) throws Unavailable {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", authorization).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Unavailable("management API not reachable at " + shown + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is the rabbitmq_management plugin on?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new Unavailable("management API at " + shown + " refused the login (" + response.statusCode()
                    + "): the user needs the monitoring tag and access to vhost " + vhost);
        }
        if (response.statusCode() == 404) {
            throw new Unavailable("no vhost " + vhost + " at " + shown);
        }
        if (response.statusCode() != 200) {
            throw new Unavailable("management API at " + shown + " answered " + response.statusCode());
        }
        try {
            return JSON.readValue(response.body(), new TypeReference<List<Map<String, Object>>>() { });
        } catch (JacksonException e) {
            throw new Unavailable("management API at " + shown + " answered something that is not a JSON list");
        }
    }

    /** Built on first use, off the worker's start-up path (a client loads the JVM's TLS context). */
    private synchronized HttpClient http() {
        if (http == null) {
            // HTTP/1.1: the management plugin's server closes connections that offer an h2c upgrade.
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        }
        return http;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String text(Object value) {
        return value == null || value.toString().isEmpty() ? null : value.toString();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The management API could not be read; the message says why. */
    public static final class Unavailable extends Exception {
        public Unavailable(String reason) {
            super(reason);
        }
    }
}
