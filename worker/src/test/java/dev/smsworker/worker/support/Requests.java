package dev.smsworker.worker.support;

import java.time.Instant;
import java.util.UUID;

/** Request bodies for tests. Each test uses its own message id and body so its outcome can be found. */
public final class Requests {

    public static final String NUMBER = "+4791234567";

    private Requests() {
    }

    public static String uniqueId() {
        return "msg-" + UUID.randomUUID();
    }

    public static String json(String messageId, String kind, String body) {
        return "{\"messageId\":\"" + messageId + "\",\"to\":\"" + NUMBER + "\",\"body\":\"" + body + "\",\"kind\":\"" + kind + "\"}";
    }

    public static String json(String messageId, String kind, String body, String to) {
        return "{\"messageId\":\"" + messageId + "\",\"to\":\"" + to + "\",\"body\":\"" + body + "\",\"kind\":\"" + kind + "\"}";
    }

    public static String expiring(String messageId, String kind, String body, Instant expiresAt) {
        return "{\"messageId\":\"" + messageId + "\",\"to\":\"" + NUMBER + "\",\"body\":\"" + body + "\",\"kind\":\"" + kind
                + "\",\"expiresAt\":\"" + expiresAt + "\"}";
    }
}
