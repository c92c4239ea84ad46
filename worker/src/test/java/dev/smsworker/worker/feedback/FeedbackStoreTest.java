package dev.smsworker.worker.feedback;

import dev.smsworker.worker.dedup.DedupProperties;
import dev.smsworker.worker.receipts.ReceiptsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the record lives when sms.feedback.store is not set: where the worker already shares its records. */
class FeedbackStoreTest {

    static FeedbackProperties.Store store(Map<String, String> properties) {
        Binder binder = new Binder(new MapConfigurationPropertySource(properties));
        return FeedbackConfiguration.store(binder.bindOrCreate("sms.feedback", FeedbackProperties.class),
                binder.bindOrCreate("sms.dedup", DedupProperties.class),
                binder.bindOrCreate("sms.receipts", ReceiptsProperties.class));
    }

    @Test
    void byDefaultTheRecordIsInMemoryAndOffForAnHour() {
        FeedbackProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("sms.feedback", FeedbackProperties.class);

        assertThat(store(Map.of())).isEqualTo(FeedbackProperties.Store.MEMORY);
        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.recordTtl()).hasHours(1);
        assertThat(defaults.maxRecords()).isEqualTo(50_000);
    }

    @Test
    void theRecordFollowsTheSentIdRecordOrTheReceiptsIntoRedis() {
        assertThat(store(Map.of("sms.dedup.store", "redis"))).isEqualTo(FeedbackProperties.Store.REDIS);
        assertThat(store(Map.of("sms.receipts.store", "redis"))).isEqualTo(FeedbackProperties.Store.REDIS);
    }

    @Test
    void aStoreSetExplicitlyWins() {
        assertThat(store(Map.of("sms.dedup.store", "redis", "sms.feedback.store", "memory"))).isEqualTo(FeedbackProperties.Store.MEMORY);
        assertThat(store(Map.of("sms.feedback.store", "redis"))).isEqualTo(FeedbackProperties.Store.REDIS);
    }
}
