package dev.smsworker.contracts.topology;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The management API reader at the HTTP level: what it asks, what it makes of the answers, what it says when refused. */
class ManagementApiTest {

    private final Map<String, String> paths = new ConcurrentHashMap<>();
    private final HttpServer server = server();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsExchangesAndQueuesWithTheirEffectivePolicyFromTheVhost() throws Exception {
        ManagementApi api = new ManagementApi(url(""), "a/b", "sms-monitoring", "secret");

        BrokerView view = api.read();

        assertThat(paths.keySet()).contains("/api/exchanges/a%2Fb", "/api/queues/a%2Fb");
        assertThat(paths.values()).allMatch(auth -> auth.equals("Basic c21zLW1vbml0b3Jpbmc6c2VjcmV0"));
        assertThat(view.exchanges().get("sms").alternateExchange()).isEqualTo("sms.unrouted");
        AppliedQueue failed = view.queues().get("sms.failed");
        assertThat(failed.effective(QueueSetting.MAX_LENGTH)).isEqualTo(2L);
        assertThat(failed.effective(QueueSetting.QUEUE_TYPE)).isEqualTo("quorum");
        assertThat(failed.source(QueueSetting.MAX_LENGTH)).isEqualTo("operator policy cap");
        assertThat(view.queues().get("sms.retry.1m").effective(QueueSetting.MESSAGE_TTL)).isEqualTo(60_000L);
    }

    @Test
    void aRefusedLoginIsUnavailableWithAReasonAndNoPassword() {
        ManagementApi api = new ManagementApi(url("/refuse"), "sms", "sms-worker", "secret");
        ManagementApi withPasswordInUrl = new ManagementApi(URI.create("http://user:secret@127.0.0.1:" + server.getAddress().getPort() + "/refuse"),
                "sms", "sms-worker", "secret");

        assertThatThrownBy(api::read).isInstanceOf(ManagementApi.Unavailable.class)
                .hasMessageContaining("refused the login (401)").hasMessageNotContaining("secret");
        assertThatThrownBy(withPasswordInUrl::read).hasMessageNotContaining("secret");
        assertThat(withPasswordInUrl.toString()).doesNotContain("secret");
    }

    @Test
    void noManagementPluginIsUnavailable() {
        server.stop(0);
        ManagementApi api = new ManagementApi(url(""), "sms", "guest", "guest");

        assertThatThrownBy(api::read).isInstanceOf(ManagementApi.Unavailable.class)
                .hasMessageContaining("not reachable").hasMessageContaining("rabbitmq_management");
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void theDefaultUrlPutsAnIpv6HostInBrackets() {
        // http://::1:15672 parses, but as a URI with no host: every read then failed as "no management API".
        for (String host : new String[]{"::1", "[::1]"}) {
            URI url = ManagementApi.defaultUrl(host, false);
            assertThat(url).isEqualTo(URI.create("http://[::1]:15672"));
            assertThat(url.getHost()).isEqualTo("[::1]");
        }
        assertThat(ManagementApi.defaultUrl("fd00::5", true)).isEqualTo(URI.create("https://[fd00::5]:15671"));
        assertThat(ManagementApi.defaultUrl("rabbit-2", false)).isEqualTo(URI.create("http://rabbit-2:15672"));
        assertThat(ManagementApi.defaultUrl("10.0.0.7", true)).isEqualTo(URI.create("https://10.0.0.7:15671"));
    }

    private HttpServer server() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getRawPath();
                paths.put(path, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                String body;
                int status = 200;
                if (path.startsWith("/refuse")) {
                    status = 401;
                    body = "{\"error\":\"not_authorised\"}";
                } else if (path.startsWith("/api/exchanges/")) {
                    body = "[{\"name\":\"sms\",\"type\":\"topic\",\"arguments\":{\"alternate-exchange\":\"sms.unrouted\"}}]";
                } else {
                    body = "[{\"name\":\"sms.failed\",\"type\":\"quorum\",\"arguments\":{\"x-queue-type\":\"quorum\"},"
                            + "\"policy\":\"\",\"operator_policy\":\"cap\",\"effective_policy_definition\":{\"max-length\":2}},"
                            + "{\"name\":\"sms.retry.1m\",\"type\":\"quorum\",\"arguments\":{\"x-message-ttl\":60000}}]";
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
