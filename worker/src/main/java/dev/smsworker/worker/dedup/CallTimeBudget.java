package dev.smsworker.worker.dedup;

import dev.smsworker.worker.providers.SmsProvider;
import dev.smsworker.worker.providers.http.ConnectRetryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * Checks at start that one attempt's provider calls fit in the claim and in the broker's patience.
 * The longest attempt is every configured provider tried in turn (a route can name no more), each with
 * its {@code call-timeout} per in-process connect attempt ({@code sms.retry.connect-attempts}, with the
 * backoff between). Each attempt starts on a claim taken or renewed just before, so a claim timeout
 * above the longest attempt keeps it through the attempt even when no renewal gets through
 * ({@link ClaimLeases}). A claim that lapsed during a live call would let a second copy send; a delivery
 * unacked past RabbitMQ's {@code consumer_timeout} makes the broker close the channel and redeliver
 * everything on it. Either stops the worker at start with a message that names the properties.
 */
@Component
class CallTimeBudget {

    private static final Logger log = LoggerFactory.getLogger(CallTimeBudget.class);
    /** Each HTTP provider's default {@code call-timeout}. */
    private static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(15);

    /** Added to the longest attempt when {@code sms.dedup.claim-timeout} is unset: room for a slow store call. */
    static final Duration CLAIM_MARGIN = Duration.ofSeconds(10);

    private final Duration claimTimeout;

    CallTimeBudget(List<SmsProvider> providers, Environment environment, ConnectRetryProperties retry, DedupProperties dedup) {
        Duration longest = longestAttempt(providers.stream().map(SmsProvider::name).toList(), Binder.get(environment), retry);
        check(longest, dedup);
        this.claimTimeout = claimTimeout(longest, dedup);
        log.info("longest provider attempt {}; claim timeout {}{}; broker consumer timeout {}",
                longest, claimTimeout, dedup.claimTimeout() == null ? " (derived)" : "", dedup.brokerConsumerTimeout());
    }

    /** The claim timeout in effect: {@code sms.dedup.claim-timeout}, else the longest attempt plus {@link #CLAIM_MARGIN}. */
    Duration claimTimeout() {
        return claimTimeout;
    }

    static Duration claimTimeout(Duration longestAttempt, DedupProperties dedup) {
        return dedup.claimTimeout() != null ? dedup.claimTimeout() : longestAttempt.plus(CLAIM_MARGIN);
    }

    static Duration longestAttempt(List<String> providers, Binder binder, ConnectRetryProperties retry) {
        int attempts = Math.max(1, retry.connectAttempts());
        Duration total = Duration.ZERO;
        for (String name : providers) {
            Duration call = binder.bind("sms.providers." + name + ".call-timeout", Duration.class)
                    .orElseGet(() -> binder.bind("sms.providers." + name + ".latency", Duration.class).orElse(DEFAULT_CALL_TIMEOUT));
            total = total.plus(call.multipliedBy(attempts)).plus(retry.connectBackoff().multipliedBy(attempts - 1));
        }
        return total;
    }

    static void check(Duration longestAttempt, DedupProperties dedup) {
        if (dedup.store() != DedupProperties.Store.NONE && dedup.claimTimeout() != null
                && dedup.claimTimeout().compareTo(longestAttempt) <= 0) {
            throw new IllegalStateException("sms.dedup.claim-timeout (" + dedup.claimTimeout() + ") must exceed the longest "
                    + "provider attempt (" + longestAttempt + ": every provider's call-timeout times sms.retry.connect-attempts); "
                    + "a claim that lapses during a call lets a second copy of the message be sent");
        }
        Duration held = longestAttempt.plus(dedup.claimWait());
        if (held.compareTo(dedup.brokerConsumerTimeout()) >= 0) {
            throw new IllegalStateException("the longest provider attempt (" + longestAttempt + ") plus sms.dedup.claim-wait ("
                    + dedup.claimWait() + ") reaches the broker's consumer timeout (sms.dedup.broker-consumer-timeout = "
                    + dedup.brokerConsumerTimeout() + ", RabbitMQ's consumer_timeout); the broker would close the channel "
                    + "under sends in progress. Lower the call timeouts or raise consumer_timeout and the property with it");
        }
    }
}
