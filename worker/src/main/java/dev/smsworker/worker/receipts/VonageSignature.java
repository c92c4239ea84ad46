package dev.smsworker.worker.receipts;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Vonage's signed webhooks ({@code sig}): every other parameter sorted by name, each as {@code &name=value} with
 * {@code &} and {@code =} in values replaced by {@code _}; then, for {@code md5hash} (Vonage's default), the MD5 of
 * that text followed by the signature secret, else the HMAC ({@code md5}, {@code sha1}, {@code sha256},
 * {@code sha512}) of that text keyed with the secret; hex, compared ignoring case.
 * Source: https://developer.vonage.com/en/getting-started/concepts/signing-messages ("manually generate a signature").
 */
final class VonageSignature {

    private VonageSignature() {
    }

    static String of(String method, String secret, Map<String, String> parameters) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(parameters).forEach((name, value) -> {
            if (!name.equals("sig")) {
                text.append('&').append(name).append('=').append(value.replace('&', '_').replace('=', '_'));
            }
        });
        return switch (method) {
            case "md5hash" -> Signatures.hex(Signatures.md5((text + secret).getBytes(StandardCharsets.UTF_8)));
            case "md5" -> hmac("HmacMD5", secret, text);
            case "sha1" -> hmac("HmacSHA1", secret, text);
            case "sha256" -> hmac("HmacSHA256", secret, text);
            case "sha512" -> hmac("HmacSHA512", secret, text);
            default -> throw new IllegalArgumentException("unknown Vonage signature method " + method
                    + " (md5hash, md5, sha1, sha256, sha512)");
        };
    }

    private static String hmac(String algorithm, String secret, StringBuilder text) {
        return Signatures.hex(Signatures.hmac(algorithm, secret, text.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
