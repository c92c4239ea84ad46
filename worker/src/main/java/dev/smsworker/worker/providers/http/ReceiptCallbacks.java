package dev.smsworker.worker.providers.http;

import okhttp3.HttpUrl;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Delivery receipts as the sending side sees them: where each provider is told, on every send, to deliver its
 * receipts ({@code <sms.receipts.public-url>/receipts/<provider>}, the endpoints of the {@code receipts} package),
 * and how long a message whose send was ambiguous waits for that receipt. Empty for every provider while receipts
 * are off (or no public URL is set): the request then carries no callback field at all, the provider's dashboard
 * setting, if any, applies, and an ambiguous send fails over at once, as without receipts.
 *
 * @param urls          per provider name ({@code twilio}, {@code vonage}, {@code sinch}, {@code http}); an URL may
 *                      carry Basic credentials in its user info (Sinch calls {@code https://user:password@host/...}),
 *                      so it is a secret: never logged, see {@link #toString()}
 * @param ambiguousWait {@code sms.receipts.ambiguous-wait}: a request written to a provider that gave no answer
 *                      (timeout or I/O error after the write) waits at least this long, in a delay queue, for that
 *                      provider's receipt before another provider is tried
 */
public record ReceiptCallbacks(Map<String, HttpUrl> urls, Duration ambiguousWait) {

    /** Receipts off: no provider is given a callback. */
    public static final ReceiptCallbacks OFF = new ReceiptCallbacks(Map.of(), Duration.ZERO);

    public ReceiptCallbacks {
        urls = Map.copyOf(urls);
    }

    /** Whether receipts are on and the providers are told where to send them. */
    public boolean on() {
        return !urls.isEmpty();
    }

    /** The URL the provider named {@code provider} is to call, or empty while receipts are off. */
    public Optional<HttpUrl> forProvider(String provider) {
        return Optional.ofNullable(urls.get(provider));
    }

    /**
     * Whether an ambiguous send through {@code provider} waits for its receipt instead of failing over at once: only
     * a provider told where to report can answer the question. LINK Mobility's gates are set up outside the worker,
     * so its ambiguous sends fail over as before.
     */
    public boolean awaitsReceipt(String provider) {
        return urls.containsKey(provider);
    }

    /** The provider names only: an URL can hold credentials. */
    @Override
    public String toString() {
        return "ReceiptCallbacks" + urls.keySet() + "[ambiguousWait=" + ambiguousWait + "]";
    }
}
