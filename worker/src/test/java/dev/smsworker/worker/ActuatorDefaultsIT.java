package dev.smsworker.worker;

import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.support.RunningWorker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The actuator has no authentication, so by default it listens on loopback only and does not expose the
 * providers switch. Guards issue 15: it answered on every interface.
 */
class ActuatorDefaultsIT {

    static TestBroker broker;
    static String vhost;
    static RunningWorker worker;

    @BeforeAll
    static void start() {
        broker = TestBroker.get();
        vhost = broker.createVhost("actuator");
        worker = RunningWorker.start(broker, vhost);
    }

    @AfterAll
    static void stop() {
        worker.close();
        broker.deleteVhost(vhost);
    }

    @Test
    void itAnswersOnLoopbackAndNotOnTheMachinesOtherAddresses() throws Exception {
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);

        Optional<InetAddress> other = otherAddress();
        assumeThat(other).as("a non-loopback IPv4 address on this machine").isPresent();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(other.get(), worker.port()), 2_000);
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void theProvidersSwitchIsNotExposed() throws Exception {
        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/actuator/providers/simulator"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(get("/actuator/providers").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + worker.port() + path);
    }

    private static Optional<InetAddress> otherAddress() throws IOException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
