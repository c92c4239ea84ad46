package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbackUrlsTest {

    static ReceiptsProperties properties(boolean enabled, String publicUrl, ReceiptsProperties.Basic sinch) {
        return new ReceiptsProperties(enabled, 0, "127.0.0.1", publicUrl, DataSize.ofKilobytes(64), Duration.ofHours(72),
                1000, ReceiptsProperties.Store.MEMORY, "p:", Duration.ofSeconds(1), Duration.ofSeconds(30),
                new ReceiptsProperties.Twilio("token"), new ReceiptsProperties.Vonage(null, "md5hash", Duration.ofMinutes(5)),
                sinch, new ReceiptsProperties.Basic(null, null), new ReceiptsProperties.Gateway(null));
    }

    static final ReceiptsProperties.Basic NO_BASIC = new ReceiptsProperties.Basic(null, null);

    @Test
    void eachProviderWithAPerSendUrlGetsItsEndpoint() {
        ReceiptCallbacks callbacks = CallbackUrls.of(properties(true, "https://dlr.example.com/", NO_BASIC));

        assertThat(callbacks.forProvider("twilio")).contains(HttpUrl.get("https://dlr.example.com/receipts/twilio"));
        assertThat(callbacks.forProvider("vonage")).contains(HttpUrl.get("https://dlr.example.com/receipts/vonage"));
        assertThat(callbacks.forProvider("sinch")).contains(HttpUrl.get("https://dlr.example.com/receipts/sinch"));
        assertThat(callbacks.forProvider("http")).contains(HttpUrl.get("https://dlr.example.com/receipts/http"));
        // LINK's gate holds its URL; the request has no field for one.
        assertThat(callbacks.forProvider("linkmobility")).isEmpty();
    }

    @Test
    void sinchsUrlCarriesTheBasicCredentialsItsCallbacksAreCheckedWith() {
        ReceiptCallbacks callbacks = CallbackUrls.of(properties(true, "https://dlr.example.com",
                new ReceiptsProperties.Basic("sinch-user", "p@ss:word")));

        HttpUrl sinch = callbacks.forProvider("sinch").orElseThrow();
        assertThat(sinch.username()).isEqualTo("sinch-user");
        assertThat(sinch.password()).isEqualTo("p@ss:word");
        assertThat(callbacks.toString()).doesNotContain("p@ss", "sinch-user");
    }

    @Test
    void offOrWithoutAPublicUrlNoProviderIsTold() {
        assertThat(CallbackUrls.of(properties(false, "https://dlr.example.com", NO_BASIC)).on()).isFalse();
        assertThat(CallbackUrls.of(properties(true, null, NO_BASIC)).on()).isFalse();
        assertThat(CallbackUrls.of(properties(true, " ", NO_BASIC)).on()).isFalse();
    }

    @Test
    void aPublicUrlTwilioWouldSignDifferentlyStopsTheStart() {
        for (String url : List.of("https://DLR.example.com", "https://dlr.example.com:443", "https://dlr.example.com/?a=1",
                "dlr.example.com")) {
            assertThatThrownBy(() -> CallbackUrls.of(properties(true, url, NO_BASIC)))
                    .as(url).hasMessageContaining("sms.receipts.public-url");
        }
    }

    /** The URL Twilio is given is the one it signs; the endpoint must rebuild exactly that URL from its setting. */
    @Test
    void aTwilioCallbackToTheUrlWeGaveIsAcceptedWithItsRef() {
        String publicUrl = "https://dlr.example.com/sms";
        HttpUrl given = CallbackUrls.of(properties(true, publicUrl, NO_BASIC)).forProvider("twilio").orElseThrow()
                .newBuilder().addQueryParameter("ref", "a+b&c=d/e").build();
        String body = "MessageSid=SM1&MessageStatus=delivered";
        String signature = TwilioSignature.of("token", given.toString(), FormData.parse(body));
        // Behind the proxy that strips /sms, the worker sees /receipts/twilio and the query as Twilio sent it.
        InboundRequest request = new InboundRequest("POST", "/receipts/twilio", given.encodedQuery(),
                Map.of("content-type", List.of("application/x-www-form-urlencoded"), "x-twilio-signature", List.of(signature)),
                body.getBytes(StandardCharsets.UTF_8), ReceiptFormatsTest.NOW);

        DeliveryReceipt receipt = ReceiptFormatsTest.only(new TwilioReceipts("token", publicUrl).read(request));

        assertThat(receipt.clientReference()).isEqualTo("a+b&c=d/e");
    }
}
