package dev.smsworker.worker.receipts;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Twilio's {@code X-Twilio-Signature}: Base64 of HMAC-SHA1, keyed with the account's auth token, over the full URL
 * Twilio called (scheme, host, port if any, path and query string, exactly as configured at Twilio) followed by
 * every POST parameter's name and value, sorted by name (and, for a repeated name, by value).
 * Source: https://www.twilio.com/docs/usage/security#validating-requests (its worked example is our unit test).
 */
final class TwilioSignature {

    private TwilioSignature() {
    }

    static String of(String authToken, String url, Map<String, List<String>> sortedParameters) {
        StringBuilder data = new StringBuilder(url);
        sortedParameters.forEach((name, values) -> values.stream().sorted().forEach(value -> data.append(name).append(value)));
        return Signatures.base64(Signatures.hmac("HmacSHA1", authToken, data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static boolean valid(String authToken, String url, Map<String, List<String>> sortedParameters, String signature) {
        return Signatures.same(of(authToken, url, sortedParameters), signature);
    }
}
