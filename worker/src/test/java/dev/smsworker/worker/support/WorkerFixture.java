package dev.smsworker.worker.support;

import dev.smsworker.testing.TestBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * A test class's world: its own vhost, a fake Twilio, the real worker routing to it, and a client.
 * Register with {@code @RegisterExtension static WorkerFixture fixture = new WorkerFixture("name");}.
 */
public final class WorkerFixture implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private final String[] extraProperties;
    private TestBroker broker;
    private String vhost;
    private FakeTwilio twilio;
    private RunningWorker worker;
    private BrokerClient client;
    private Clock clock;

    public WorkerFixture(String name, String... extraProperties) {
        this.name = name;
        this.extraProperties = extraProperties;
    }

    /** Starts the worker with this clock instead of the system's, e.g. a {@link ShiftableClock}. */
    public WorkerFixture withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = TestBroker.get();
        vhost = broker.createVhost(name);
        twilio = new FakeTwilio();
        worker = RunningWorker.start(broker, vhost, clock,
                Stream.concat(Arrays.stream(twilio.workerProperties()), Arrays.stream(extraProperties)).toArray(String[]::new));
        client = new BrokerClient(broker, vhost);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (twilio != null) {
            twilio.close();
        }
        if (vhost != null) {
            broker.deleteVhost(vhost);
        }
    }

    public TestBroker broker() {
        return broker;
    }

    public String vhost() {
        return vhost;
    }

    public FakeTwilio twilio() {
        return twilio;
    }

    public RunningWorker worker() {
        return worker;
    }

    public BrokerClient client() {
        return client;
    }
}
