package dev.smsworker.worker.receipts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Delivery receipts (DLRs): HTTP endpoints that face the providers, on a port of their own, apart from the
 * actuator. Secrets come from the environment ({@code SMS_RECEIPTS_TWILIO_AUTH_TOKEN}, ...), never from files
 * in the repository.
 *
 * @param enabled      off by default: nothing listens and nothing is recorded until this is true
 * @param port         the receipts server's port; {@code 0} picks a free one (tests)
 * @param address      the interface it listens on; meant to sit behind a TLS-terminating proxy
 * @param publicUrl    the URL the providers were given, without the path, as they call it through the proxy
 *                     ({@code https://sms.example.com}); Twilio signs the full URL, so it must match byte for byte
 * @param maxBodySize  a larger receipt is refused with 413 before it is read
 * @param recordTtl    how long a sent message can be matched to its receipts; DLRs can come up to 72 hours later
 * @param maxRecords   the memory record's bound; past it the oldest sends are forgotten (their receipts count as
 *                     {@code unknown-message})
 * @param store        {@code memory} (this worker's sends only, lost on restart) or {@code redis} (shared by every
 *                     worker; the sent-id record's Redis, {@code sms.dedup.redis.uri}, keys under {@code redisKeyPrefix})
 * @param redisKeyPrefix put before each key in Redis
 * @param requeueDelay pause before a receipt that could not be processed is handed back to the broker
 * @param ambiguousWait how long a message whose send was ambiguous (written to a provider that gave no answer) waits
 *                     for that provider's receipt before another provider is tried: it goes to the smallest
 *                     {@code sms.retry.delays} tier at least this long
 */
@ConfigurationProperties("sms.receipts")
@Validated
public record ReceiptsProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("8082") @Min(0) @Max(65535) int port,
        @DefaultValue("0.0.0.0") String address,
        String publicUrl,
        @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("72h") Duration recordTtl,
        @DefaultValue("200000") @Min(1) @Max(10_000_000) long maxRecords,
        @DefaultValue("memory") Store store,
        @DefaultValue("sms-worker:receipts:") String redisKeyPrefix,
        @DefaultValue("1s") Duration requeueDelay,
        @DefaultValue("30s") Duration ambiguousWait,
        @DefaultValue @Valid Twilio twilio,
        @DefaultValue @Valid Vonage vonage,
        @DefaultValue @Valid Basic sinch,
        @DefaultValue @Valid Basic linkmobility,
        @DefaultValue @Valid Gateway http) {

    public enum Store { MEMORY, REDIS }

    /** @param authToken the account's auth token, which signs {@code X-Twilio-Signature}; defaults to the provider's */
    public record Twilio(String authToken) {
        @Override
        public String toString() {
            return "Twilio[authToken=" + (authToken == null ? "unset" : "<hidden>") + "]";
        }
    }

    /**
     * @param signatureSecret  the account's signature secret (Vonage dashboard); without it Vonage receipts are refused
     * @param signatureMethod  as chosen in the dashboard: {@code md5hash} (Vonage's default), {@code md5}, {@code sha1},
     *                         {@code sha256}, {@code sha512} (the HMAC variants)
     * @param maxClockSkew     a signed receipt whose {@code timestamp} is further from now is refused (replay)
     */
    public record Vonage(String signatureSecret, @DefaultValue("md5hash") String signatureMethod,
                         @DefaultValue("5m") Duration maxClockSkew) {
        @Override
        public String toString() {
            return "Vonage[signatureSecret=" + (signatureSecret == null ? "unset" : "<hidden>") + ", signatureMethod="
                    + signatureMethod + ", maxClockSkew=" + maxClockSkew + "]";
        }
    }

    /**
     * HTTP Basic credentials the provider sends with each receipt (Sinch and LINK Mobility put them in the callback
     * URL they are given, {@code https://user:password@host/...}); without them the endpoint refuses everything.
     */
    public record Basic(String username, String password) {
        boolean configured() {
            return username != null && !username.isEmpty() && password != null && !password.isEmpty();
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=" + (password == null ? "unset" : "<hidden>") + "]";
        }
    }

    /** @param secret the key of the in-house gateway's {@code X-Sms-Signature: sha256=<hex HMAC-SHA256 of the body>} */
    public record Gateway(String secret) {
        @Override
        public String toString() {
            return "Gateway[secret=" + (secret == null ? "unset" : "<hidden>") + "]";
        }
    }
}
