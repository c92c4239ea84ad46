package dev.smsworker.ops.topology;

import dev.smsworker.contracts.Topology;
import dev.smsworker.contracts.topology.ExpectedTopology;
import dev.smsworker.ops.console.TimeArguments;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Which topology: the worker's, for its {@code sms.retry.delays} and {@code sms.topology.queue-type}. */
public class TopologyOptions {

    @Option(names = "--retry-delays", split = ",", defaultValue = "1m,3m,9m", converter = TimeArguments.DurationConverter.class,
            description = "The worker's sms.retry.delays: one delay queue each (default ${DEFAULT-VALUE}).")
    List<Duration> retryDelays;

    @Option(names = "--queue-type", defaultValue = "quorum",
            description = "The worker's sms.topology.queue-type: quorum or classic (default ${DEFAULT-VALUE}).")
    String queueType;

    ExpectedTopology expected() {
        if (!queueType.equalsIgnoreCase("quorum") && !queueType.equalsIgnoreCase("classic")) {
            throw new IllegalArgumentException("--queue-type must be quorum or classic, not " + queueType);
        }
        return ExpectedTopology.of(retryDelays, queueType.equalsIgnoreCase("quorum"));
    }

    String describe() {
        return "retry delays " + retryDelays.stream().map(Topology::delayLabel).collect(Collectors.joining(","))
                + ", " + queueType.toLowerCase() + " queues";
    }
}
