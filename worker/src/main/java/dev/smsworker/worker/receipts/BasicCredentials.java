package dev.smsworker.worker.receipts;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP Basic authentication of a receipt (RFC 7617), for providers that support no signature of their own. */
final class BasicCredentials {

    private BasicCredentials() {
    }

    static boolean valid(ReceiptsProperties.Basic expected, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String given;
        try {
            given = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return Signatures.same(expected.username() + ":" + expected.password(), given);
    }
}
