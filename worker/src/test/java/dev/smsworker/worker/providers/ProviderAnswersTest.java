package dev.smsworker.worker.providers;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.smsworker.worker.providers.ProviderTestSupport.sms;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider answers of issue 9, against every HTTP provider through its real adapter and HTTP client:
 * what is a send, what is a failure of that provider (so the router fails over), and what is ambiguous
 * (recorded as sent with an unknown id, never handed to another provider).
 */
class ProviderAnswersTest {

    static final String SIGN_IN_PAGE = "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>...</form></body></html>";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.smsworker.worker.providers.ProviderFixture#all")
    void theDocumentedSuccessIsSentWithItsId(ProviderFixture provider) {
        server.enqueue(json(provider.successStatus(), provider.successBody()));

        SendResult result = send(provider, "msg-1");

        assertThat(result).isInstanceOfSatisfying(SendResult.Sent.class, sent -> {
            assertThat(sent.confirmed()).isTrue();
            assertThat(sent.providerMessageId()).isNotBlank();
        });
    }

    /** A proxy's sign-in page with 200 was counted as sent (Twilio, Sinch, LINK, generic). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.smsworker.worker.providers.ProviderFixture#all")
    void aWebPageWithAStatus200IsAFailureOfThatProviderNotASend(ProviderFixture provider) {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html; charset=utf-8")
                .body(SIGN_IN_PAGE).build());

        SendResult result = send(provider, "msg-1");

        assertThat(result).isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.maybeDelivered()).isFalse());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.smsworker.worker.providers.ProviderFixture#all")
    void anEmptyAnswerWithTheSuccessStatusIsSentWithAnUnknownId(ProviderFixture provider) {
        server.enqueue(new MockResponse.Builder().code(provider.successStatus()).addHeader("Content-Type", "application/json").build());

        SendResult result = send(provider, "msg-1");

        assertThat(result).isEqualTo(SendResult.Sent.ambiguous(provider.name(), null, "empty-body"));
    }

    /** Twilio's 201 with half a body, then nothing: the read timeout made it retryable and Vonage sent it again. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.smsworker.worker.providers.ProviderFixture#all")
    void aSuccessStatusWhoseBodyStallsIsAmbiguousAndNeverRetryable(ProviderFixture provider) {
        server.enqueue(json(provider.successStatus(), provider.successBody()).newBuilder()
                .onResponseBody(SocketEffect.Stall.INSTANCE).build());

        SendResult result = send(provider, "msg-1");

        assertThat(result).isEqualTo(SendResult.Sent.ambiguous(provider.name(), null, "body-unreadable"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.smsworker.worker.providers.ProviderFixture#all")
    void aSuccessStatusWhoseBodyBreaksOffIsAmbiguous(ProviderFixture provider) {
        server.enqueue(json(provider.successStatus(), provider.successBody()).newBuilder()
                .onResponseBody(new SocketEffect.CloseSocket()).build());

        SendResult result = send(provider, "msg-1");

        assertThat(result).isEqualTo(SendResult.Sent.ambiguous(provider.name(), null, "body-unreadable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.smsworker.worker.providers.ProviderFixture#all")
    void aSuccessStatusWithAnotherContentTypeIsAmbiguous(ProviderFixture provider) {
        server.enqueue(new MockResponse.Builder().code(provider.successStatus()).addHeader("Content-Type", "text/plain")
                .body("OK").build());

        SendResult result = send(provider, "msg-1");

        assertThat(result).isEqualTo(SendResult.Sent.ambiguous(provider.name(), null, "not-json"));
    }

    /** The generic provider answering "404 default backend - 404" was message-fatal: no failover, message dropped. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.smsworker.worker.providers.ProviderFixture#all")
    void anIngressWithoutARouteIsThatProvidersProblem(ProviderFixture provider) {
        server.enqueue(new MockResponse.Builder().code(404).addHeader("Content-Type", "text/plain").body("default backend - 404").build());

        assertFailsOver(send(provider, "msg-1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.smsworker.worker.providers.ProviderFixture#all")
    void anHtmlErrorPageIsThatProvidersProblem(ProviderFixture provider) {
        server.enqueue(new MockResponse.Builder().code(404).addHeader("Content-Type", "text/html")
                .body("<html><body><h1>404 Not Found</h1><hr><center>nginx</center></body></html>").build());

        assertFailsOver(send(provider, "msg-1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.smsworker.worker.providers.ProviderFixture#all")
    void aMethodNotAllowedFromSomethingInFrontIsThatProvidersProblem(ProviderFixture provider) {
        server.enqueue(new MockResponse.Builder().code(405).build());

        assertFailsOver(send(provider, "msg-1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.smsworker.worker.providers.ProviderFixture#all")
    void aBadGatewayPageIsRetryable(ProviderFixture provider) {
        server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
                .body("<html><head><title>502 Bad Gateway</title></head></html>").build());

        assertThat(send(provider, "msg-1")).isInstanceOf(SendResult.Retryable.class);
    }

    /** An AMQP message-id "ordre-ø-1" became the generic provider's Idempotency-Key and OkHttp threw. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.smsworker.worker.providers.ProviderFixture#all")
    void aMessageIdOutsideAsciiIsSentNotThrown(ProviderFixture provider) throws Exception {
        server.enqueue(json(provider.successStatus(), provider.successBody()));

        SendResult result = send(provider, "ordre-\u00f8-1");

        assertThat(result).isInstanceOf(SendResult.Sent.class);
        String key = server.takeRequest().getHeaders().get("Idempotency-Key");
        if (key != null) {
            assertThat(key).isEqualTo("ordre-%C3%B8-1");
        }
    }

    private SendResult send(ProviderFixture provider, String messageId) {
        return provider.at().apply(server.url("/").toString()).send(sms(messageId));
    }

    private static void assertFailsOver(SendResult result) {
        assertThat(result).isInstanceOfAny(SendResult.Retryable.class, SendResult.ProviderFatal.class);
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }
}
