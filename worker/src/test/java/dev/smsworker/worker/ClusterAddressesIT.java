package dev.smsworker.worker;

import dev.smsworker.testing.TestBroker;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Readiness;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.RunningWorker;
import dev.smsworker.worker.support.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code spring.rabbitmq.addresses} lists a cluster's nodes: the consumers use every one of them, not
 * just the first (issue 11: the consumer connection cloned a factory holding only the first address).
 * Nodes are stood in for by TCP forwarders to the local broker, so a node can die without touching it.
 */
class ClusterAddressesIT {

    TestBroker broker;
    String vhost;
    FakeTwilio twilio;
    BrokerClient client;

    @BeforeEach
    void start() {
        broker = TestBroker.get();
        vhost = broker.createVhost("cluster");
        twilio = new FakeTwilio();
        client = new BrokerClient(broker, vhost);
    }

    @AfterEach
    void stop() {
        client.close();
        twilio.close();
        broker.deleteVhost(vhost);
    }

    @Test
    void aDeadFirstAddressDoesNotStopTheConsumers() throws IOException {
        String addresses = "127.0.0.1:" + portNobodyListensOn() + "," + broker.host + ":" + broker.amqpPort;
        try (RunningWorker worker = start("spring.rabbitmq.addresses=" + addresses)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Readiness.ready(worker));

            String body = "code " + Requests.uniqueId();
            client.publish("send.otp", Requests.json(Requests.uniqueId(), "otp", body));

            await().atMost(Duration.ofSeconds(30)).until(() -> twilio.callsWithBody(body).size() == 1);
        }
    }

    @Test
    void theConsumersMoveToAnotherNodeWhenTheirsDies() {
        try (TcpProxy first = new TcpProxy(broker.host, broker.amqpPort);
             TcpProxy second = new TcpProxy(broker.host, broker.amqpPort);
             RunningWorker worker = start("spring.rabbitmq.addresses=" + first.address() + "," + second.address())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Readiness.ready(worker));
            // Publishing takes the first reachable address; the consumers a shuffled one. Kill the consumers' node.
            TcpProxy consumersNode = second.connections() > 0 ? second : first;
            TcpProxy survivor = consumersNode == first ? second : first;

            consumersNode.kill();

            await().atMost(Duration.ofSeconds(60)).until(() -> survivor.connections() >= 1 && Readiness.ready(worker));
            String body = "code " + Requests.uniqueId();
            client.publish("send.otp", Requests.json(Requests.uniqueId(), "otp", body));
            await().atMost(Duration.ofSeconds(30)).until(() -> twilio.callsWithBody(body).size() == 1);
            assertThat(consumersNode.connections()).isZero();
        }
    }

    private RunningWorker start(String... properties) {
        return RunningWorker.start(broker, vhost,
                Stream.concat(Arrays.stream(twilio.workerProperties()), Arrays.stream(properties)).toArray(String[]::new));
    }

    private static int portNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
