package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.DeliveryStatus;
import dev.smsworker.contracts.Kind;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptLedgerTest {

    static final Instant T0 = Instant.parse("2030-01-01T12:00:00Z");
    static final TrackedSend SENT = new TrackedSend("m-1", "c-1", Kind.OTP, 1, T0, "twilio", "SM1", T0.plusSeconds(1), null, null, null);

    static DeliveryReceipt receipt(DeliveryStatus status, String providerStatus, int second) {
        return new DeliveryReceipt("twilio", "SM1", null, status, providerStatus, null, T0.plusSeconds(second), T0.plusSeconds(second));
    }

    @Test
    void noRecordIsAnUnknownMessage() {
        assertThat(ReceiptLedger.decide(null, receipt(DeliveryStatus.DELIVERED, "delivered", 5))).isInstanceOf(Effect.UnknownMessage.class);
    }

    @Test
    void theFirstFinalStatusWinsAndNothingAfterItChangesTheMessage() {
        Effect first = ReceiptLedger.decide(SENT, receipt(DeliveryStatus.DELIVERED, "delivered", 5));
        assertThat(first).isInstanceOf(Effect.Final.class);
        TrackedSend delivered = ((Effect.Final) first).send();
        assertThat(delivered.finalStatus()).isEqualTo(DeliveryStatus.DELIVERED);

        assertThat(ReceiptLedger.decide(delivered, receipt(DeliveryStatus.DELIVERED, "delivered", 5)))
                .extracting(e -> ((Effect.Unchanged) e).reason()).isEqualTo("duplicate");
        assertThat(ReceiptLedger.decide(delivered, receipt(DeliveryStatus.INTERMEDIATE, "sent", 3)))
                .extracting(e -> ((Effect.Unchanged) e).reason()).isEqualTo("after-final");
        assertThat(ReceiptLedger.decide(delivered, receipt(DeliveryStatus.UNDELIVERED, "undelivered", 9)))
                .extracting(e -> ((Effect.Unchanged) e).reason()).isEqualTo("after-final");
    }

    @Test
    void anOlderOrRepeatedIntermediateStatusIsIgnored() {
        TrackedSend sending = ((Effect.Progress) ReceiptLedger.decide(SENT, receipt(DeliveryStatus.INTERMEDIATE, "sent", 4))).send();
        assertThat(ReceiptLedger.decide(sending, receipt(DeliveryStatus.INTERMEDIATE, "queued", 2)))
                .extracting(e -> ((Effect.Unchanged) e).reason()).isEqualTo("out-of-order");
        assertThat(ReceiptLedger.decide(sending, receipt(DeliveryStatus.INTERMEDIATE, "sent", 4)))
                .extracting(e -> ((Effect.Unchanged) e).reason()).isEqualTo("duplicate");
        // An intermediate status never blocks the final one, whenever it came.
        assertThat(ReceiptLedger.decide(sending, receipt(DeliveryStatus.UNDELIVERED, "undelivered", 1))).isInstanceOf(Effect.Final.class);
    }

    @Test
    void timeToDeliveryIsFromTheFirstAttemptAndNeverNegative() {
        assertThat(DeliveryEvents.sinceFirstAttempt(SENT, receipt(DeliveryStatus.DELIVERED, "delivered", 7)).toSeconds()).isEqualTo(7);
        assertThat(DeliveryEvents.sinceFirstAttempt(SENT, receipt(DeliveryStatus.DELIVERED, "delivered", -60)).isZero()).isTrue();
    }
}
