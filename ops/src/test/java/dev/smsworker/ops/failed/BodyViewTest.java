package dev.smsworker.ops.failed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BodyViewTest {

    private final byte[] request = "{\"to\":\"+4791234567\",\"body\":\"code 123456\",\"kind\":\"otp\"}".getBytes();

    @Test
    void theNumberIsAlwaysMaskedAndTheTextHiddenUnlessAsked() {
        assertThat(BodyView.render(request, false)).contains("+47******67", "<11 chars hidden").doesNotContain("123456", "+4791234567");
        assertThat(BodyView.render(request, true)).contains("+47******67", "code 123456");
    }

    @Test
    void aBodyThatIsNoRequestIsHiddenWhole() {
        assertThat(BodyView.render("call +4791234567".getBytes(), false)).isEqualTo("<16 bytes, not a JSON object; --show-body prints them>");
    }
}
