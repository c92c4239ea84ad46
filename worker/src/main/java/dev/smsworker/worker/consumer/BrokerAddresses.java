package dev.smsworker.worker.consumer;

import com.rabbitmq.client.Address;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every broker node the worker was given: {@code spring.rabbitmq.addresses} (a cluster), else
 * {@code spring.rabbitmq.host} and {@code port}. The consumer connection hands the whole list to the
 * client, which shuffles it on every connect and every recovery (its {@code ListAddressResolver}), so
 * workers spread over the nodes and a worker whose node dies reconnects to another one.
 */
record BrokerAddresses(List<Address> nodes) {

    BrokerAddresses {
        nodes = List.copyOf(nodes);
    }

    static BrokerAddresses of(RabbitConnectionDetails details) {
        return new BrokerAddresses(details.getAddresses().stream()
                .map(address -> new Address(address.host(), address.port()))
                .toList());
    }

    /** {@code host:port,host:port}, in the configured order; no credentials. */
    @Override
    public String toString() {
        return nodes.stream().map(node -> node.getHost() + ":" + node.getPort()).collect(Collectors.joining(","));
    }
}
