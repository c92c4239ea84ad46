package dev.smsworker.worker.providers.http;

import okhttp3.HttpUrl;

import java.util.Map;
import java.util.Optional;

/**
 * Where each provider is told, on every send, to deliver its receipts: {@code <sms.receipts.public-url>/receipts/<provider>},
 * the endpoints of the {@code receipts} package. Empty for every provider while receipts are off (or no public URL
 * is set): the request then carries no callback field at all, and the provider's dashboard setting, if any, applies.
 *
 * @param urls per provider name ({@code twilio}, {@code vonage}, {@code sinch}, {@code http}); an URL may carry Basic
 *             credentials in its user info (Sinch calls {@code https://user:password@host/...}), so it is a secret:
 *             never logged, see {@link #toString()}
 */
public record ReceiptCallbacks(Map<String, HttpUrl> urls) {

    /** Receipts off: no provider is given a callback. */
    public static final ReceiptCallbacks OFF = new ReceiptCallbacks(Map.of());

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

    /** The provider names only: an URL can hold credentials. */
    @Override
    public String toString() {
        return "ReceiptCallbacks" + urls.keySet();
    }
}
