package dev.smsworker.worker.feedback;

import dev.smsworker.contracts.Topology;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.WorkerFixture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Feedback off (the default): nothing is recorded, and feedback a login service publishes anyway is drained, not kept. */
class FeedbackOffIT {

    @RegisterExtension
    static WorkerFixture fixture = new WorkerFixture("feedback-off");

    @Test
    void feedbackIsAckedAndCountedDisabledSoTheQueueNeverPilesUp() {
        MeterRegistry registry = fixture.worker().bean(MeterRegistry.class);

        fixture.client().publish(Topology.FEEDBACK_ROUTING_KEY, "{\"messageId\":\"" + Requests.uniqueId() + "\"}");

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Counter disabled = registry.find("sms.feedback").tag("result", "disabled").counter();
            return disabled != null && disabled.count() == 1;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.client().depth(Topology.FEEDBACK_QUEUE) == 0);
        assertThat(registry.find("sms.conversions").counters()).isEmpty();
        assertThatThrownBy(() -> fixture.worker().bean(SentMessages.class)).isInstanceOf(NoSuchBeanDefinitionException.class);
    }
}
