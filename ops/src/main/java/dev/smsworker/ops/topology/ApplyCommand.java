package dev.smsworker.ops.topology;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.smsworker.contracts.topology.ExpectedBinding;
import dev.smsworker.contracts.topology.ExpectedExchange;
import dev.smsworker.contracts.topology.ExpectedQueue;
import dev.smsworker.contracts.topology.ExpectedTopology;
import dev.smsworker.ops.ExitCodes;
import dev.smsworker.ops.OpsEnvironment;
import dev.smsworker.ops.connection.BrokerConnections;
import dev.smsworker.ops.connection.BrokerSettings;
import dev.smsworker.ops.connection.ConnectionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sms-ops topology apply}: declares every exchange, queue and binding of the worker, as the worker
 * does in {@code declare} mode. Idempotent; an existing queue declared with other arguments is an error
 * (RabbitMQ's PRECONDITION_FAILED), not changed. Needs a user with configure permission; policies
 * (delivery limits) come from ops/rabbitmq/definitions.json.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Declare the worker's exchanges, queues and bindings (idempotent), as a deploy step before "
                + "workers in sms.topology.mode=verify start. Run as a user with configure permission on the vhost.",
                "Policies (delivery limits) are in ops/rabbitmq/definitions.json."})
class ApplyCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    TopologyOptions topology;

    @Spec
    CommandSpec spec;

    private final OpsEnvironment environment;

    ApplyCommand(OpsEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        BrokerSettings broker = BrokerSettings.resolve(connection.flags(), environment.env());
        ExpectedTopology expected = topology.expected();
        try (Connection amqp = BrokerConnections.open(broker, "topology apply")) {
            Channel channel = amqp.createChannel();
            for (ExpectedExchange exchange : expected.exchanges()) {
                Map<String, Object> arguments = exchange.alternateExchange() == null ? Map.of()
                        : Map.of("alternate-exchange", exchange.alternateExchange());
                channel.exchangeDeclare(exchange.name(), exchange.type(), true, false, arguments);
            }
            for (ExpectedQueue queue : expected.queues()) {
                channel.queueDeclare(queue.name(), true, false, false, queue.arguments());
            }
            for (ExpectedBinding binding : expected.bindings()) {
                channel.queueBind(binding.queue(), binding.source(), binding.routingKey());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("applied to " + broker + " (" + topology.describe() + "): " + expected.exchanges().size() + " exchanges, "
                + expected.queues().size() + " queues, " + expected.bindings().size() + " bindings");
        out.flush();
        return ExitCodes.OK;
    }
}
