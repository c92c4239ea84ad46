package dev.smsworker.worker.failover;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestSealTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void opensWhatItSealedAndTheTextHoldsNeitherTheNumberNorTheBody() {
        RequestSeal seal = new RequestSeal(KEY);
        byte[] plain = "{\"to\":\"+4791234567\",\"body\":\"Your code is 123456\"}".getBytes(StandardCharsets.UTF_8);
        String sealed = seal.seal("m-1", plain);
        assertThat(sealed).doesNotContain("4791234567").doesNotContain("123456");
        assertThat(new String(Base64.getDecoder().decode(sealed), StandardCharsets.ISO_8859_1)).doesNotContain("4791234567");
        assertThat(seal.open("m-1", sealed)).isEqualTo(plain);
        // A fresh nonce each time: the same request never seals to the same text.
        assertThat(seal.seal("m-1", plain)).isNotEqualTo(sealed);
    }

    @Test
    void refusesAnotherKeyOrAnotherMessageId() {
        String sealed = new RequestSeal(KEY).seal("m-1", new byte[]{1, 2, 3});
        assertThatThrownBy(() -> new RequestSeal(OTHER_KEY).open("m-1", sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new RequestSeal(KEY).open("m-2", sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBadKeyIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> new RequestSeal("not base64 !!")).hasMessageNotContaining("not base64 !!")
                .hasMessageContaining("sms.receipts.failover.encryption-key");
        String shortKey = Base64.getEncoder().encodeToString(new byte[7]);
        assertThatThrownBy(() -> new RequestSeal(shortKey)).hasMessageNotContaining(shortKey).hasMessageContaining("7");
    }
}
