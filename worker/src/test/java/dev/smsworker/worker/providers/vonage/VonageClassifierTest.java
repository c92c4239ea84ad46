package dev.smsworker.worker.providers.vonage;

import dev.smsworker.worker.providers.SendResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.smsworker.worker.providers.ProviderTestSupport.JSON;
import static dev.smsworker.worker.providers.TestReplies.json;
import static org.assertj.core.api.Assertions.assertThat;

class VonageClassifierTest {

    private final VonageClassifier classifier = new VonageClassifier(JSON);

    /**
     * Issue 9: statuses 2 and 3 were message-fatal whatever field they named, so an empty configured value
     * (our api_key, our sender) failed every message without failover.
     */
    @ParameterizedTest(name = "status {0} \"{1}\" (publisher's from: {2}) -> {3}")
    @CsvSource(delimiter = '|', value = {
            "2|Missing from param|false|ProviderFatal",
            "2|Missing api_key|false|ProviderFatal",
            "2|Missing to param|false|ProviderFatal",
            "3|Invalid from param|false|ProviderFatal",
            "3|Invalid from param|true|MessageFatal",
            "3|Invalid to param|false|MessageFatal",
            "3|Invalid parameter: text|false|MessageFatal",
            "3|Invalid destination address|false|MessageFatal",
            "3|Unable to process the request|false|ProviderFatal",
            "3|Invalid Account Id|false|ProviderFatal"})
    void theFieldInTheErrorTextDecidesWhoseFaultItIs(String status, String errorText, boolean senderFromMessage, String expected) {
        SendResult result = classifier.classify(json(200, "{\"message-count\":\"1\",\"messages\":[{\"status\":\"" + status
                + "\",\"error-text\":\"" + errorText + "\"}]}"), senderFromMessage);

        assertThat(result.getClass().getSimpleName()).isEqualTo(expected);
    }
}
