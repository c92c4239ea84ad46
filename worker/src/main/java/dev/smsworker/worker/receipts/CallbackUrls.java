package dev.smsworker.worker.receipts;

import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import okhttp3.HttpUrl;

import java.util.HashMap;
import java.util.Map;

/**
 * The callback URLs the providers are given on each send, built from {@code sms.receipts.public-url} and the
 * endpoints' paths. LINK Mobility has none: its API takes gate ids, and the gate, set up with LINK, holds the URL.
 */
final class CallbackUrls {

    private CallbackUrls() {
    }

    /**
     * @return {@link ReceiptCallbacks#OFF} while receipts are off or no public URL is set (receipts can then still
     *         come from a URL set in a provider's dashboard)
     * @throws IllegalStateException when the public URL is not an http(s) URL in canonical form: Twilio signs the URL
     *                               exactly as it was given, and {@link TwilioReceipts} checks it against the setting
     *                               as written, so a form that OkHttp rewrites (upper-case host, default port) would
     *                               make every Twilio receipt fail its signature
     */
    static ReceiptCallbacks of(ReceiptsProperties properties) {
        if (!properties.enabled() || properties.publicUrl() == null || properties.publicUrl().isBlank()) {
            return ReceiptCallbacks.OFF;
        }
        String base = properties.publicUrl().replaceAll("/+$", "");
        HttpUrl parsed = HttpUrl.parse(base);
        if (parsed == null || parsed.query() != null || !parsed.toString().replaceAll("/+$", "").equals(base)) {
            throw new IllegalStateException("sms.receipts.public-url must be an http(s) URL in canonical form, without "
                    + "query (lower-case host, no default port), as in https://dlr.example.com");
        }
        Map<String, HttpUrl> urls = new HashMap<>();
        urls.put("twilio", HttpUrl.get(base + "/receipts/twilio"));
        urls.put("vonage", HttpUrl.get(base + "/receipts/vonage"));
        urls.put("sinch", withCredentials(HttpUrl.get(base + "/receipts/sinch"), properties.sinch()));
        urls.put("http", HttpUrl.get(base + "/receipts/http"));
        return new ReceiptCallbacks(urls, properties.ambiguousWait());
    }

    /** Sinch authenticates its callbacks only with the Basic credentials in the URL it was given. */
    private static HttpUrl withCredentials(HttpUrl url, ReceiptsProperties.Basic basic) {
        if (!basic.configured()) {
            return url;
        }
        return url.newBuilder().username(basic.username()).password(basic.password()).build();
    }
}
