package dev.smsworker.worker.aot;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which broker's management API a training start makes its vhost on: never one it guessed. */
class AotTrainingTest {

    @Test
    void theConfiguredUrlWins() throws Exception {
        MockEnvironment environment = new MockEnvironment().withProperty("sms.topology.management.url", "http://mq.example:15672")
                .withProperty("spring.rabbitmq.addresses", "a:5672,b:5672");
        assertThat(AotTraining.managementApi(environment)).isEqualTo(URI.create("http://mq.example:15672"));
    }

    @Test
    void elsePort15672OfTheHost() throws Exception {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.rabbitmq.host", "mq.internal");
        assertThat(AotTraining.managementApi(environment)).isEqualTo(URI.create("http://mq.internal:15672"));
    }

    @Test
    void anIpv6HostGoesInBrackets() throws Exception {
        // Concatenated bare, "http://::1:15672" names no host: the training start was refused and shipped no cache.
        for (String host : new String[]{"::1", "[::1]"}) {
            MockEnvironment environment = new MockEnvironment().withProperty("spring.rabbitmq.host", host);
            URI api = AotTraining.managementApi(environment);
            assertThat(api).isEqualTo(URI.create("http://[::1]:15672"));
            assertThat(api.getHost()).isEqualTo("[::1]");
            assertThat(api.getPort()).isEqualTo(15672);
        }
        MockEnvironment environment = new MockEnvironment().withProperty("spring.rabbitmq.host", "fd00::5");
        assertThat(AotTraining.managementApi(environment).getHost()).isEqualTo("[fd00::5]");
    }

    @Test
    void addressesWithoutAUrlAreNotGuessedFromTheHostsDefault() {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.rabbitmq.addresses", "mq-1:5672,mq-2:5672");
        assertThatThrownBy(() -> AotTraining.managementApi(environment)).isInstanceOf(TrainingVhost.Refused.class)
                .hasMessageContaining("spring.rabbitmq.addresses");
    }
}
