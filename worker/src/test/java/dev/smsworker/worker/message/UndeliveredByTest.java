package dev.smsworker.worker.message;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UndeliveredByTest {

    @Test
    void namesEachProviderOnceAndKeepsTheirCodes() {
        String one = UndeliveredBy.with(null, "twilio", "30003");
        assertThat(one).isEqualTo("twilio:30003");
        String two = UndeliveredBy.with(one, "vonage", null);
        assertThat(two).isEqualTo("twilio:30003, vonage:-");
        assertThat(UndeliveredBy.with(two, "twilio", "30005")).isEqualTo(two);
        assertThat(UndeliveredBy.providers(two)).containsExactlyInAnyOrder("twilio", "vonage");
        assertThat(UndeliveredBy.providers(" ")).isEmpty();
    }

    @Test
    void aCopyHasAClaimOfItsOwnSharedByEveryCopyOfTheSameReceipt() {
        assertThat(UndeliveredBy.claimId("m-1", null)).isEqualTo("m-1");
        assertThat(UndeliveredBy.claimId("m-1", "twilio:30003")).isEqualTo("m-1 undelivered-by twilio");
        // The order the providers reported in does not make two claims.
        assertThat(UndeliveredBy.claimId("m-1", "vonage:2, twilio:30003"))
                .isEqualTo(UndeliveredBy.claimId("m-1", "twilio:30003, vonage:1"));
    }
}
