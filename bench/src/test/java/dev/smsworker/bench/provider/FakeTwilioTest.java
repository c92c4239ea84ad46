package dev.smsworker.bench.provider;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeTwilioTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void recordsEachCallUnderTheFirstWordOfTheText() throws Exception {
        try (FakeTwilio twilio = new FakeTwilio(Script.always(Answer.created(0)))) {
            assertThat(post(twilio, "c-000001 hello").statusCode()).isEqualTo(201);
            assertThat(twilio.log().sends("c-000001")).hasSize(1);
        }
    }

    @Test
    void answersTheScriptedError() throws Exception {
        try (FakeTwilio twilio = new FakeTwilio(Script.always(Answer.invalidNumber()))) {
            HttpResponse<String> response = post(twilio, "c-000002 hi");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("\"code\":21211");
            assertThat(twilio.log().sends("c-000002")).isEmpty();
        }
    }

    @Test
    void acceptAndDropCountsAsSentAndLeavesTheClientWithoutAnAnswer() {
        try (FakeTwilio twilio = new FakeTwilio(Script.always(new Answer.AcceptAndDrop(0)))) {
            assertThatThrownBy(() -> post(twilio, "c-000003 hi")).isInstanceOf(IOException.class);
            assertThat(twilio.log().sends("c-000003")).hasSize(1);
        }
    }

    @Test
    void anOutageRefusesConnectionsThenTheSamePortAnswersAgain() throws Exception {
        try (FakeTwilio twilio = new FakeTwilio(Script.always(Answer.created(0)))) {
            Thread outage = Thread.ofVirtual().start(() -> {
                try {
                    twilio.outage(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // Waits for the outage to begin (a loaded machine starts the thread late), then one call is refused.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            boolean refused = false;
            while (!refused && System.nanoTime() < deadline) {
                try {
                    post(twilio, "c-000004 hi");
                    Thread.sleep(20);
                } catch (IOException e) {
                    refused = true;
                }
            }
            assertThat(refused).as("a call refused during the outage").isTrue();
            outage.join();
            assertThat(post(twilio, "c-000005 hi").statusCode()).isEqualTo(201);
        }
    }

    private HttpResponse<String> post(FakeTwilio twilio, String text) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + twilio.port() + "/2010-04-01/Accounts/AC1/Messages.json"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("To=%2B4791234567&Body=" + text.replace(" ", "+")))
                .timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
