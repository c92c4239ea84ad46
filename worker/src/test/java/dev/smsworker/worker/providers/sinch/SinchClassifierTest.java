package dev.smsworker.worker.providers.sinch;

import dev.smsworker.worker.providers.SendResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.smsworker.worker.providers.ProviderTestSupport.JSON;
import static dev.smsworker.worker.providers.TestReplies.json;
import static org.assertj.core.api.Assertions.assertThat;

class SinchClassifierTest {

    private final SinchClassifier classifier = new SinchClassifier(JSON);

    /** Issue 9: the sender we configured (here none: the plan's default) failed every message, message-fatal. */
    @Test
    void aSenderFormatErrorWhenWeChoseTheSenderIsProviderFatal() {
        SendResult result = classifier.classify(json(400,
                "{\"code\":\"syntax_invalid_parameter_format\",\"text\":\"The format of parameter 'from' is invalid\"}"), false);

        assertThat(result).isInstanceOfSatisfying(SendResult.ProviderFatal.class,
                r -> assertThat(r.code()).isEqualTo("syntax_invalid_parameter_format"));
    }

    @Test
    void aSenderFormatErrorWhenThePublisherChoseTheSenderIsTheMessages() {
        SendResult result = classifier.classify(json(400,
                "{\"code\":\"syntax_invalid_parameter_format\",\"text\":\"The format of parameter 'from' is invalid\"}"), true);

        assertThat(result).isInstanceOf(SendResult.MessageFatal.class);
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "400|syntax_invalid_parameter_format|The format of parameter 'to[0]' is invalid; value '+1' is not a valid MSISDN or group ID.|MessageFatal",
            "400|syntax_constraint_violation|The value of parameter 'body' is too long|MessageFatal",
            "400|syntax_constraint_violation|The value of parameter 'client_reference' is too long|ProviderFatal",
            "400|syntax_invalid_parameter_format|The request is invalid|ProviderFatal",
            "400|syntax_invalid_json|Unexpected character|ProviderFatal",
            "403|blocked_account|Your account has been blocked|ProviderFatal",
            "403|missing_callback_url|A callback URL is required|ProviderFatal",
            "403|illegal_number_type|Illegal number type for the region|MessageFatal",
            "403|some_new_403_code|Forbidden|ProviderFatal"})
    void theFieldOrCodeDecidesWhoseFaultItIs(int status, String code, String text, String expected) {
        SendResult result = classifier.classify(json(status, "{\"code\":\"" + code + "\",\"text\":\"" + text + "\"}"), false);

        assertThat(result.getClass().getSimpleName()).isEqualTo(expected);
    }

    @Test
    void theWrappedErrorShapeIsReadAndIsNotAVerdictOnTheMessage() {
        SendResult result = classifier.classify(json(400,
                "{\"error\":{\"code\":400,\"message\":\"parsing field \\\"type\\\": \\\"XXX\\\" is not a valid value\",\"status\":\"INVALID_ARGUMENT\",\"details\":[]}}"), false);

        assertThat(result).isInstanceOf(SendResult.Retryable.class);
        assertThat(((SendResult.Failed) result).code()).isEqualTo("400");
    }
}
