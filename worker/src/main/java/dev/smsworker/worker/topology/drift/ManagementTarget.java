package dev.smsworker.worker.topology.drift;

import dev.smsworker.contracts.topology.ManagementApi;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;

import java.net.URI;
import java.util.List;

/**
 * Where the drift check reads RabbitMQ's management API: {@code sms.topology.management.url}, else port
 * 15672 on the one broker node the worker was given ({@code spring.rabbitmq.addresses} with one node, or
 * {@code spring.rabbitmq.host}). With several nodes the URL is required and nothing is guessed: the API
 * may sit behind a load balancer, on another port, or next to another broker on the same host. It used
 * to be built from {@code spring.rabbitmq.host} alone, which with {@code addresses} is left at its
 * default, so a worker of a cluster read the topology of whatever broker ran on localhost (issue 11).
 */
sealed interface ManagementTarget {

    /** The management API to read. */
    record At(URI url) implements ManagementTarget {
    }

    /** No API to read: why, as the drift check's unavailable reason. */
    record Unknown(String reason) implements ManagementTarget {
    }

    static ManagementTarget of(URI configured, List<RabbitConnectionDetails.Address> nodes) {
        if (configured != null) {
            return new At(configured);
        }
        List<RabbitConnectionDetails.Address> distinct = nodes.stream().distinct().toList();
        if (distinct.size() == 1) {
            return new At(ManagementApi.defaultUrl(distinct.getFirst().host(), false));
        }
        return new Unknown("sms.topology.management.url is not set and spring.rabbitmq.addresses names " + distinct.size()
                + " nodes; set it to the cluster's management API (any node's, or a load balancer's)");
    }
}
