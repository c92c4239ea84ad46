package dev.smsworker.worker.providers.twilio;

import dev.smsworker.worker.providers.SendResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TwilioClassifierTest {

    private final TwilioClassifier classifier = new TwilioClassifier(JsonMapper.builder().build());

    @Test
    void createdIsSentWithTheMessageSid() {
        SendResult result = classifier.classify(201, "{\"sid\":\"SM123\",\"status\":\"queued\"}", false);
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
        SendResult result = classifier.classify(status, "{\"code\":" + code + ",\"message\":\"m\",\"status\":" + status + "}", false);
        assertThat(result.getClass().getSimpleName()).isEqualTo(expected);
    }

    @Test
    void aSenderCodeIsTheMessagesFaultWhenThePublisherChoseTheSender() {
        assertThat(classifier.classify(400, "{\"code\":21606,\"message\":\"m\",\"status\":400}", true))
                .isInstanceOf(SendResult.MessageFatal.class);
    }

    @Test
    void anUnparseableErrorBodyFallsBackToTheStatus() {
        assertThat(classifier.classify(502, "<html>bad gateway</html>", false)).isEqualTo(new SendResult.Retryable("twilio", "502", "Twilio HTTP 502"));
        assertThat(classifier.classify(401, "", false)).isInstanceOf(SendResult.ProviderFatal.class);
    }
}
