package dev.smsworker.worker.providers.simulator;

import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.SmsProvider;
import org.springframework.stereotype.Component;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Pretends to send: waits the configured latency and answers with the configured mix of failures. */
@Component
class SimulatorProvider implements SmsProvider {

    static final String NAME = "simulator";

    private final SimulatorProperties properties;

    SimulatorProvider(SimulatorProperties properties) {
        this.properties = properties;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        pause();
        double roll = ThreadLocalRandom.current().nextDouble();
        double threshold = properties.retryableRate();
        if (roll < threshold) {
            return new SendResult.Retryable(NAME, "503", "simulated provider outage");
        }
        threshold += properties.providerFatalRate();
        if (roll < threshold) {
            return new SendResult.ProviderFatal(NAME, "401", "simulated bad credentials");
        }
        threshold += properties.messageFatalRate();
        if (roll < threshold) {
            return new SendResult.MessageFatal(NAME, "invalid-number", "simulated unreachable number");
        }
        return new SendResult.Sent(NAME, "SIM" + UUID.randomUUID().toString().replace("-", ""));
    }

    private void pause() {
        if (properties.latency().isZero()) {
            return;
        }
        try {
            Thread.sleep(properties.latency());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
