package dev.smsworker.worker.receipts;

import dev.smsworker.contracts.DeliveryReceipt;
import dev.smsworker.contracts.DeliveryStatus;
import dev.smsworker.contracts.Kind;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryDeliveryRecordsTest {

    static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    static ReceiptsProperties properties(long maxRecords, Duration ttl) {
        return new ReceiptsProperties(true, 0, "127.0.0.1", null, DataSize.ofKilobytes(64), ttl, maxRecords,
                ReceiptsProperties.Store.MEMORY, "p:", Duration.ofSeconds(1), Duration.ofSeconds(30),
                new ReceiptsProperties.Twilio(null), new ReceiptsProperties.Vonage(null, "md5hash", Duration.ofMinutes(5)),
                new ReceiptsProperties.Basic(null, null), new ReceiptsProperties.Basic(null, null), new ReceiptsProperties.Gateway(null));
    }

    static TrackedSend sent(String messageId, String provider, String providerMessageId, Instant at) {
        return new TrackedSend(messageId, "c", Kind.OTP, 1, at, provider, providerMessageId, at, null, null, null);
    }

    static DeliveryReceipt delivered(String provider, String providerMessageId, String reference) {
        return new DeliveryReceipt(provider, providerMessageId, reference, DeliveryStatus.DELIVERED, "delivered", null, NOW, NOW);
    }

    @Test
    void aReceiptFindsItsMessageByProviderIdElseByOurEchoedId() {
        InMemoryDeliveryRecords records = new InMemoryDeliveryRecords(properties(10, Duration.ofHours(1)), Clock.fixed(NOW, ZoneOffset.UTC));
        records.track(sent("m-1", "vonage", "0A01", NOW));
        records.track(sent("m-2", "vonage", null, NOW)); // an ambiguous send: no provider id

        assertThat(records.apply(delivered("vonage", "0A01", null))).isInstanceOf(Effect.Final.class);
        assertThat(records.apply(delivered("vonage", "0A02", "m-2"))).isInstanceOf(Effect.Final.class);
        assertThat(records.apply(delivered("twilio", "0A01", null))).isInstanceOf(Effect.UnknownMessage.class);
        assertThat(records.apply(delivered("vonage", "0A01", null))).extracting(e -> ((Effect.Unchanged) e).reason()).isEqualTo("duplicate");
    }

    @Test
    void theOldestSendsAreForgottenPastTheBoundOrTheTtl() {
        InMemoryDeliveryRecords records = new InMemoryDeliveryRecords(properties(2, Duration.ofHours(1)), Clock.fixed(NOW, ZoneOffset.UTC));
        records.track(sent("m-1", "twilio", "SM1", NOW.minus(Duration.ofHours(2))));
        records.track(sent("m-2", "twilio", "SM2", NOW));
        records.track(sent("m-3", "twilio", "SM3", NOW));
        records.track(sent("m-4", "twilio", "SM4", NOW));

        assertThat(records.apply(delivered("twilio", "SM1", null))).isInstanceOf(Effect.UnknownMessage.class);
        assertThat(records.apply(delivered("twilio", "SM2", "m-2"))).isInstanceOf(Effect.UnknownMessage.class);
        assertThat(records.apply(delivered("twilio", "SM4", null))).isInstanceOf(Effect.Final.class);
    }

    /** Issue 12: a provider can report before its HTTP answer reaches us, and an ambiguous send must learn of it. */
    @Test
    void aReceiptBeforeTheSendIsKeptByOurIdAndNeverMakesAnEvent() {
        InMemoryDeliveryRecords records = new InMemoryDeliveryRecords(properties(10, Duration.ofHours(1)), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(records.apply(delivered("twilio", "SM9", "m-9"))).isInstanceOf(Effect.UnknownMessage.class);
        assertThat(records.apply(delivered("twilio", "SM8", null))).isInstanceOf(Effect.UnknownMessage.class);

        TrackedSend early = records.find("twilio", "m-9");
        assertThat(early.early()).isTrue();
        assertThat(early.finalStatus()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(early.providerMessageId()).isEqualTo("SM9");
        assertThat(records.find("vonage", "m-9")).isNull();

        records.track(sent("m-9", "twilio", null, NOW));
        assertThat(records.find("twilio", "m-9").early()).isFalse();
    }
}
