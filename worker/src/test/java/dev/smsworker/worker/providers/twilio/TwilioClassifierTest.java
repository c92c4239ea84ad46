package dev.smsworker.worker.providers.twilio;

import dev.smsworker.worker.providers.SendResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static dev.smsworker.worker.providers.TestReplies.json;
import static org.assertj.core.api.Assertions.assertThat;

class TwilioClassifierTest {

    private final TwilioClassifier classifier = new TwilioClassifier(JsonMapper.builder().build());

    @Test
    void createdIsSentWithTheMessageSid() {
        SendResult result = classifier.classify(reply(201, "{\"sid\":\"SM123\",\"status\":\"queued\"}"), false);
        assertThat(result).isEqualTo(new SendResult.Sent("twilio", "SM123"));
    }

    @ParameterizedTest(name = "HTTP {0} code {1} -> {2}")
    @CsvSource({
            "400, 21211, MessageFatal",   // invalid To
            "400, 21610, MessageFatal",   // recipient replied STOP: never route around an opt-out
            "400, 21614, MessageFatal",   // not a mobile number
            "400, 21617, MessageFatal",   // body too long
            "400, 21408, ProviderFatal",  // geo permissions
            "400, 21606, ProviderFatal",  // From is not ours
            "401, 20003, ProviderFatal",  // credentials
            "403, 20403, ProviderFatal",  // account suspended
            "429, 20429, Retryable",      // too many concurrent requests, never processed
            "400, 21611, Retryable",      // sender queue full
            "500, 20500, Retryable",
            "503, 0, Retryable",
            "400, 99999, Retryable",      // unknown codes are retryable
    })
    void errorsAreClassifiedByStatusAndCode(int status, int code, String expected) {
        SendResult result = classifier.classify(reply(status, "{\"code\":" + code + ",\"message\":\"m\",\"status\":" + status + "}"), false);
        assertThat(result.getClass().getSimpleName()).isEqualTo(expected);
    }

    @Test
    void aSenderCodeIsTheMessagesFaultWhenThePublisherChoseTheSender() {
        assertThat(classifier.classify(reply(400, "{\"code\":21606,\"message\":\"m\",\"status\":400}"), true))
                .isInstanceOf(SendResult.MessageFatal.class);
    }

    private static dev.smsworker.worker.providers.http.HttpExchange.Reply reply(int status, String body) {
        return json(status, body);
    }

    @Test
    void anUnparseableErrorBodyFallsBackToTheStatus() {
        assertThat(classifier.classify(reply(502, "<html>bad gateway</html>"), false)).isEqualTo(new SendResult.Retryable("twilio", "502", "Twilio HTTP 502"));
        assertThat(classifier.classify(reply(401, ""), false)).isInstanceOf(SendResult.ProviderFatal.class);
    }

    /** Issue 9: codes about our account, sender or service were missing, so they were retried or message-fatal. */
    @ParameterizedTest(name = "HTTP {0} code {1} -> {2}")
    @CsvSource({
            "404, 20404, ProviderFatal",  // the account sid in the URL does not exist
            "400, 21603, ProviderFatal",  // neither From nor MessagingServiceSid: our configuration
            "400, 21705, ProviderFatal",  // messaging service invalid
            "400, 21212, ProviderFatal"}) // our configured From is invalid
    void codesAboutOurConfigurationAreProviderFatal(int status, int code, String expected) {
        SendResult result = classifier.classify(reply(status, "{\"code\":" + code + ",\"message\":\"m\",\"status\":" + status + "}"), false);

        assertThat(result.getClass().getSimpleName()).isEqualTo(expected);
    }

    @Test
    void anInvalidFromThePublisherChoseIsTheMessagesFault() {
        assertThat(classifier.classify(reply(400, "{\"code\":21212,\"message\":\"m\",\"status\":400}"), true))
                .isInstanceOf(SendResult.MessageFatal.class);
    }

    @Test
    void aWebPageInsteadOfTwiliosErrorBodyIsRetryable() {
        SendResult result = classifier.classify(dev.smsworker.worker.providers.TestReplies.of(400, "text/html",
                "<html><body>Request blocked by the firewall</body></html>"), false);

        assertThat(result).isInstanceOf(SendResult.Retryable.class);
    }
}
