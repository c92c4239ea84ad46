package dev.smsworker.worker.providers;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;

import static dev.smsworker.worker.providers.ProviderTestSupport.CONNECT_BACKOFF;
import static dev.smsworker.worker.providers.ProviderTestSupport.answerAfterTheReadTimeout;
import static dev.smsworker.worker.providers.ProviderTestSupport.closedPort;
import static dev.smsworker.worker.providers.ProviderTestSupport.sms;
import static dev.smsworker.worker.providers.ProviderTestSupport.startLater;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the shared HTTP skeleton promises, against every HTTP provider through its real adapter and client: a
 * request that may have reached the provider is never repeated in process, a connection that failed before a byte
 * was written is, and a provider's credentials never appear when its properties are printed.
 */
class ProviderTransportTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.smsworker.worker.providers.ProviderFixture#all")
    void aReadTimeoutAfterTheRequestWasWrittenIsRetryableAndNotRepeated(ProviderFixture provider) {
        server.enqueue(answerAfterTheReadTimeout());

        SendResult result = provider.at().apply(server.url("/").toString()).send(sms("msg-1"));

        assertThat(result).isInstanceOfSatisfying(SendResult.Retryable.class, r -> {
            assertThat(r.code()).isEqualTo("read-timeout");
            assertThat(r.reason()).contains("delivery unknown");
        });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.smsworker.worker.providers.ProviderFixture#all")
    void aRefusedConnectionIsRetriedInProcessUntilTheProviderAnswers(ProviderFixture provider) throws Exception {
        int port = closedPort();
        try (MockWebServer late = new MockWebServer()) {
            late.enqueue(success(provider));
            startLater(late, port, CONNECT_BACKOFF.dividedBy(2));

            SendResult result = provider.at().apply("http://localhost:" + port + "/").send(sms("msg-1"));

            assertThat(result).isEqualTo(new SendResult.Sent(provider.name(), provider.successId()));
            assertThat(late.getRequestCount()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.smsworker.worker.providers.ProviderFixture#all")
    void aConnectionRefusedOnEveryAttemptIsRetryableAfterTheConfiguredAttempts(ProviderFixture provider) {
        long start = System.nanoTime();

        SendResult result = provider.at().apply("http://localhost:" + closedPort() + "/").send(sms("msg-1"));

        assertThat(result).isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.code()).isEqualTo("connect-failed"));
        // Three attempts, two pauses between them.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(CONNECT_BACKOFF.multipliedBy(2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.smsworker.worker.providers.ProviderFixture#all")
    void theCredentialIsNeverPrinted(ProviderFixture provider) {
        assertThat(provider.properties().get().toString()).doesNotContain(provider.secret()).contains("<hidden>");
    }

    private static MockResponse success(ProviderFixture provider) {
        return new MockResponse.Builder().code(provider.successStatus()).addHeader("Content-Type", "application/json")
                .body(provider.successBody()).build();
    }
}
