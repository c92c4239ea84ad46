package dev.smsworker.worker.topology.drift;

import org.junit.jupiter.api.Test;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails.Address;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ManagementTargetTest {

    @Test
    void oneNodeGivesItsHostOnTheManagementPort() {
        assertThat(ManagementTarget.of(null, List.of(new Address("rabbit-2", 5672))))
                .isEqualTo(new ManagementTarget.At(URI.create("http://rabbit-2:15672")));
    }

    /**
     * Issue 11: with spring.rabbitmq.addresses the URL was built from spring.rabbitmq.host, left at its default,
     * so a worker of the three-node cluster on 5701-5703 read the shared broker on localhost:15672.
     */
    @Test
    void severalNodesRequireTheUrlInsteadOfAGuess() {
        ManagementTarget target = ManagementTarget.of(null, List.of(
                new Address("127.0.0.1", 5701), new Address("127.0.0.1", 5702), new Address("127.0.0.1", 5703)));

        assertThat(target).isInstanceOf(ManagementTarget.Unknown.class);
        assertThat(((ManagementTarget.Unknown) target).reason())
                .contains("sms.topology.management.url").contains("3 nodes");
    }

    @Test
    void aConfiguredUrlIsUsedWhateverTheNodes() {
        URI url = URI.create("https://rabbit-mgmt.internal");

        assertThat(ManagementTarget.of(url, List.of(new Address("a", 5672), new Address("b", 5672))))
                .isEqualTo(new ManagementTarget.At(url));
    }

    @Test
    void anIpv6NodeIsBracketed() {
        assertThat(ManagementTarget.of(null, List.of(new Address("::1", 5672))))
                .isEqualTo(new ManagementTarget.At(URI.create("http://[::1]:15672")));
    }
}
