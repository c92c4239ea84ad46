package dev.smsworker.worker.providers.linkmobility;

import dev.smsworker.worker.providers.SendResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.smsworker.worker.providers.ProviderTestSupport.JSON;
import static dev.smsworker.worker.providers.TestReplies.json;
import static org.assertj.core.api.Assertions.assertThat;

class LinkMobilityClassifierTest {

    private final LinkMobilityClassifier classifier = new LinkMobilityClassifier(JSON);

    /**
     * Issue 9: a 400 without a result code was message-fatal, whatever it was about. The PDF documents 400
     * only as "invalid request"; the description's field decides. Shape {status, description,
     * translatedDescription} as a third-party client models LINK's ErrorResponse.
     */
    @ParameterizedTest(name = "\"{0}\" (publisher's source: {1}) -> {2}")
    @CsvSource(delimiter = '|', value = {
            "Invalid destination: +47|false|MessageFatal",
            "userData must not be empty|false|MessageFatal",
            "Invalid source|false|ProviderFatal",
            "Invalid source|true|MessageFatal",
            "Invalid platformPartnerId|false|ProviderFatal",
            "Bad request|false|ProviderFatal"})
    void aBadRequestIsTheMessagesFaultOnlyWhenItNamesAFieldOfTheMessage(String description, boolean sourceFromMessage, String expected) {
        SendResult result = classifier.classify(json(400, "{\"status\":400,\"description\":\"" + description
                + "\",\"translatedDescription\":null}"), sourceFromMessage);

        assertThat(result.getClass().getSimpleName()).isEqualTo(expected);
    }

    @Test
    void aResultCodeIsFoundWhenTheErrorIsWrapped() {
        SendResult result = classifier.classify(json(400, "{\"error\":{\"resultCode\":106200,\"description\":\"Invalid or missing platformId\"}}"), false);

        assertThat(result).isInstanceOfSatisfying(SendResult.ProviderFatal.class, r -> assertThat(r.code()).isEqualTo("106200"));
    }

    @Test
    void aStatusThatRepeatsTheHttpStatusIsNotAResultCode() {
        SendResult result = classifier.classify(json(401, "{\"status\":401,\"description\":\"Unauthorized\"}"), false);

        assertThat(result).isInstanceOfSatisfying(SendResult.ProviderFatal.class, r -> assertThat(r.code()).isEqualTo("401"));
    }
}
