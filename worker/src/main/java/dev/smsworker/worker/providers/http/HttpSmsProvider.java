package dev.smsworker.worker.providers.http;

import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.SmsProvider;
import okhttp3.Request;

import java.time.Clock;
import java.time.Instant;

/**
 * The skeleton every HTTP provider shares: build the provider's request, run it once through the shared
 * client, and read what came back with the provider's classifier. A provider supplies only its request and its
 * classifier; a transport failure is classified here, the same for all (see {@link TransportFailures}).
 */
public abstract class HttpSmsProvider implements SmsProvider {

    /** Reads a provider's answer to one SMS. */
    @FunctionalInterface
    public interface Classifier {
        /**
         * @param senderFromMessage true when the publisher chose the sender: a sender the provider refuses is then
         *                          the message's fault, not the provider's configuration
         */
        SendResult classify(HttpExchange.Reply reply, boolean senderFromMessage);
    }

    private final String name;
    private final ProviderHttpClient http;
    private final Classifier classifier;
    private final Clock clock;

    /** @param name the provider's name in configuration, headers, logs and metrics */
    protected HttpSmsProvider(String name, ProviderHttpClient http, Classifier classifier, Clock clock) {
        this.name = name;
        this.http = http;
        this.classifier = classifier;
        this.clock = clock;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final SendResult send(OutgoingSms sms) {
        HttpExchange exchange = http.execute(request(sms, clock.instant()));
        return switch (exchange) {
            case HttpExchange.Reply reply -> classifier.classify(reply, senderFromMessage(sms));
            case HttpExchange.TransportFailure failure -> TransportFailures.retryable(name, failure);
        };
    }

    /**
     * The provider's request for one SMS.
     *
     * @param now the time the request is built, from which the message's remaining validity is measured
     */
    protected abstract Request request(OutgoingSms sms, Instant now);

    /** Whether the request carries the sender the publisher chose; a provider that may ignore it says so. */
    protected boolean senderFromMessage(OutgoingSms sms) {
        return sms.from() != null;
    }
}
