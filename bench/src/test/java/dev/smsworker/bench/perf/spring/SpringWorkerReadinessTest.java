package dev.smsworker.bench.perf.spring;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Spring reference says it is ready only when a listener consumes: Boot's ready event with no listener container
 * (what a stale components index on the class path gave) must not open the readiness port, or the benchmark drains
 * into a worker that never consumes.
 */
class SpringWorkerReadinessTest {

    @Test
    void withoutAListenerContainerTheReadinessPortStaysClosed() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        SpringWorker.Readiness readiness = new SpringWorker.Readiness(port, new RabbitListenerEndpointRegistry());
        try {
            readiness.ready();
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                }
            }).isInstanceOf(ConnectException.class);
        } finally {
            readiness.close();
        }
    }
}
