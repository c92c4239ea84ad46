package dev.smsworker.worker.failover;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.DeliveryStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Every provider's receipts: which "not delivered" codes another route may deliver (provider-notes.md §2). */
class FailoverCodesTest {

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @CsvSource(nullValues = "null", value = {
            // Twilio: unreachable / unknown handset, carrier filtering, unknown error, provider-side expiry.
            "twilio, UNDELIVERED, undelivered, 30003, true",
            "twilio, UNDELIVERED, undelivered, 30005, true",
            "twilio, UNDELIVERED, undelivered, 30007, true",
            "twilio, UNDELIVERED, undelivered, 30008, true",
            "twilio, FAILED, failed, 30036, true",
            // ... not a landline, a block or opt-out, nor a code we don't know, nor no code.
            "twilio, UNDELIVERED, undelivered, 30006, false",
            "twilio, UNDELIVERED, undelivered, 30004, false",
            "twilio, UNDELIVERED, undelivered, 21610, false",
            "twilio, UNDELIVERED, undelivered, 39999, false",
            "twilio, UNDELIVERED, undelivered, null, false",
            // Never on delivery or on the way.
            "twilio, DELIVERED, delivered, 30003, false",
            "twilio, INTERMEDIATE, sent, 30003, false",
            // Vonage: err-code, and the status word expired whatever the code.
            "vonage, UNDELIVERED, failed, 2, true",
            "vonage, UNDELIVERED, failed, 5, true",
            "vonage, UNDELIVERED, failed, 6, true",
            "vonage, UNDELIVERED, expired, null, true",
            "vonage, UNDELIVERED, failed, 9, false",
            "vonage, UNDELIVERED, failed, 3, false",
            "vonage, UNDELIVERED, rejected, 4, false",
            // Sinch: numeric code, and Expired.
            "sinch, UNDELIVERED, Failed, 404, true",
            "sinch, UNDELIVERED, Expired, null, true",
            "sinch, FAILED, Aborted, 402, true",
            "sinch, UNDELIVERED, Deleted, null, false",
            "sinch, UNDELIVERED, Unknown, null, false",
            // LINK: resultCode; 4, 5 and 1010 leave delivery unknown: another send could be a second SMS.
            "linkmobility, UNDELIVERED, 1002, 1002, true",
            "linkmobility, UNDELIVERED, 1, 1, true",
            "linkmobility, FAILED, 2104, 2104, true",
            "linkmobility, UNDELIVERED, 4, 4, false",
            "linkmobility, UNDELIVERED, 1010, 1010, false",
            "linkmobility, FAILED, 2106, 2106, false",
            // The in-house gateway's vocabulary.
            "http, UNDELIVERED, undelivered, unreachable, true",
            "http, UNDELIVERED, undelivered, expired, true",
            "http, UNDELIVERED, undelivered, landline, false",
            "http, UNDELIVERED, undelivered, something-else, false",
    })
    void mayDeliverElsewhere(String provider, DeliveryStatus status, String providerStatus, String code, boolean expected) {
        DeliveryReceipt receipt = new DeliveryReceipt(provider, "p-1", "m-1", status, providerStatus, code, Instant.EPOCH, Instant.EPOCH);
        assertThat(FailoverCodes.mayDeliverElsewhere(receipt)).isEqualTo(expected);
    }
}
