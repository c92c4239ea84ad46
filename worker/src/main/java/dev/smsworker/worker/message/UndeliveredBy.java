package dev.smsworker.worker.message;

import dev.smsworker.contracts.Headers;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link Headers#UNDELIVERED_BY sms-undelivered-by} header's value: {@code provider:code} entries joined by
 * {@code ", "}, one per provider whose delivery receipt said the SMS was not delivered (issue 12). Each provider
 * is in it at most once, which bounds a message's failovers by the number of providers of its route.
 */
public final class UndeliveredBy {

    private UndeliveredBy() {
    }

    /** The providers named in {@code header}, or none when it is null or blank. */
    public static Set<String> providers(String header) {
        if (header == null || header.isBlank()) {
            return Set.of();
        }
        Set<String> providers = new LinkedHashSet<>();
        Arrays.stream(header.split(",")).map(entry -> entry.split(":", 2)[0].strip())
                .filter(provider -> !provider.isEmpty())
                .forEach(providers::add);
        return Set.copyOf(providers);
    }

    /**
     * {@code header} with {@code provider:code} added ({@code code} may be null: {@code provider:-}); unchanged when
     * the provider is already in it.
     */
    public static String with(String header, String provider, String code) {
        if (providers(header).contains(provider)) {
            return header;
        }
        String entry = provider + ":" + (code == null || code.isBlank() ? "-" : code.strip());
        return header == null || header.isBlank() ? entry : header + ", " + entry;
    }

    /**
     * The id a copy's sent-id claim is under: the message id alone for the original, else the message id and the
     * providers that reported non-delivery, sorted, so two copies made from the same receipt share one claim and
     * only one of them is sent.
     */
    public static String claimId(String messageId, String header) {
        Set<String> providers = providers(header);
        return providers.isEmpty() ? messageId : messageId + " undelivered-by " + String.join(",", new TreeSet<>(providers));
    }
}
