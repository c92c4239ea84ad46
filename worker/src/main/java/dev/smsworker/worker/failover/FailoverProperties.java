package dev.smsworker.worker.failover;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Failover on a delayed failure (issue 12): when a provider's delivery receipt says an SMS was not delivered and
 * another route may succeed, the message is sent again through the next provider of its route. Needs receipts on
 * ({@code sms.receipts.enabled=true}).
 *
 * @param enabled       on by default wherever receipts are on
 * @param maxKeep       the longest a request is kept for it: a message's remaining validity is shorter for a code;
 *                      this bounds a message that never expires
 * @param maxMemory     the memory store's bound (bodies, numbers and headers); past it the oldest kept requests are
 *                      forgotten, and their messages are not sent again ({@code not-kept})
 * @param encryptionKey AES key, Base64 (16 or 32 bytes), sealing each kept request in Redis (AES-GCM). Required
 *                      with {@code sms.receipts.store=redis}: without it, nothing is kept in Redis and no message
 *                      fails over. From the environment ({@code SMS_RECEIPTS_FAILOVER_ENCRYPTION_KEY}), never a file
 *                      in the repository
 */
@ConfigurationProperties("sms.receipts.failover")
@Validated
public record FailoverProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1h") @NotNull Duration maxKeep,
        @DefaultValue("16MB") @NotNull DataSize maxMemory,
        String encryptionKey) {

    @Override
    public String toString() {
        return "FailoverProperties[enabled=" + enabled + ", maxKeep=" + maxKeep + ", maxMemory=" + maxMemory
                + ", encryptionKey=" + (encryptionKey == null ? "unset" : "<hidden>") + "]";
    }
}
