package dev.smsworker.worker.dedup;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether the worker may send while its sent-id record is unreachable. Bound beside
 * {@link DedupProperties} from the same {@code sms.dedup} prefix.
 *
 * @param store    {@code sms.dedup.store}, read here for the default
 * @param required {@code sms.dedup.required}: when true and the store is unreachable the worker is not
 *                 ready, its lanes pause and no message is sent without the duplicate check; when false
 *                 sends go on unchecked (counted in {@code sms_dedup_store_errors_total}). Unset: true for
 *                 {@code redis} (several workers share it, and skipping it is exactly when they send twice),
 *                 false otherwise
 */
@ConfigurationProperties("sms.dedup")
public record DedupRequirement(@DefaultValue("memory") DedupProperties.Store store, Boolean required) {

    public boolean storeRequired() {
        return required != null ? required : store == DedupProperties.Store.REDIS;
    }
}
