package dev.smsworker.ops.topology;

import dev.smsworker.ops.connection.BrokerSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where {@code sms-ops} reads the management API when no URL is given: the AMQP host's default port. */
class ManagementOptionsTest {

    @Test
    void theAmqpHostIsTheDefaultAnIpv6OneInBrackets() {
        ManagementOptions options = new ManagementOptions();

        assertThat(options.api(new BrokerSettings("::1", 5672, "/", "guest", "guest", false), Map.of()))
                .hasToString("http://[::1]:15672 vhost /");
        assertThat(options.api(new BrokerSettings("mq.internal", 5671, "sms", "guest", "guest", true), Map.of()))
                .hasToString("https://mq.internal:15671 vhost sms");
    }

    @Test
    void theEnvironmentsUrlBeatsTheGuess() {
        ManagementOptions options = new ManagementOptions();

        assertThat(options.api(new BrokerSettings("::1", 5672, "/", "guest", "guest", false),
                Map.of("SMS_OPS_MANAGEMENT_URL", "http://mgmt.example:8080/rabbit"))).hasToString("http://mgmt.example:8080/rabbit vhost /");
    }
}
