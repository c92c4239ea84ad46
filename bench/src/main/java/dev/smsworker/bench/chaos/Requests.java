package dev.smsworker.bench.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The chaos run's requests: unique ids, a fifth of them OTPs, the id as the first word of the text. */
final class Requests {

    /** One request as published. */
    record Request(String id, String routingKey, byte[] json) {
    }

    private Requests() {
    }

    static List<Request> make(int count) {
        List<Request> all = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String id = String.format("c-%06d", i);
            String kind = i % 5 == 0 ? "otp" : "transactional";
            String json = "{\"messageId\":\"" + id + "\",\"to\":\"+4791234567\",\"body\":\"" + id
                    + " chaos run message\",\"kind\":\"" + kind + "\"}";
            all.add(new Request(id, "send." + kind, json.getBytes(StandardCharsets.UTF_8)));
        }
        return all;
    }

    /** The id in a published body, found again in a message the proxy cut. */
    static String idIn(byte[] body) {
        var matcher = Pattern.compile("c-\\d{6}").matcher(new String(body, StandardCharsets.UTF_8));
        return matcher.find() ? matcher.group() : "<unknown>";
    }
}
