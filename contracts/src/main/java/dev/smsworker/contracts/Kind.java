package dev.smsworker.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What an SMS is for. The kind picks the lane: OTPs never queue behind marketing. */
public enum Kind {
    OTP, TRANSACTIONAL, MARKETING;

    /** The wire name: {@code otp}, {@code transactional}, {@code marketing}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The routing key a request of this kind is published with, e.g. {@code send.otp}. */
    public String routingKey() {
        return Topology.SEND_ROUTING_KEY_PREFIX + wireName();
    }

    @JsonCreator
    public static Kind fromWireName(String value) {
        for (Kind kind : values()) {
            if (kind.wireName().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + value + "' (expected otp, transactional or marketing)");
    }
}
