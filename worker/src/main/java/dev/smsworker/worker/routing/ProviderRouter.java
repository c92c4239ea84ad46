package dev.smsworker.worker.routing;

import dev.smsworker.worker.observability.SmsMetrics;
import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.SmsProvider;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tries the providers in failover order within one attempt. A retryable or provider-fatal failure
 * moves on to the next provider; a message-fatal one stops, since no provider will send that message.
 */
@Component
public class ProviderRouter {

    private final List<SmsProvider> order;
    private final SmsMetrics metrics;

    ProviderRouter(ProvidersProperties properties, List<SmsProvider> providers, SmsMetrics metrics) {
        this.metrics = metrics;
        Map<String, SmsProvider> byName = providers.stream()
                .collect(Collectors.toMap(SmsProvider::name, Function.identity()));
        List<SmsProvider> ordered = new ArrayList<>();
        for (String name : properties.order()) {
            SmsProvider provider = byName.get(name.strip());
            if (provider == null) {
                throw new IllegalStateException("sms.providers.order names '" + name + "', which is not configured; "
                        + "configured providers: " + byName.keySet());
            }
            ordered.add(provider);
        }
        this.order = List.copyOf(ordered);
    }

    public RouteResult send(OutgoingSms sms) {
        List<SendResult.Failed> failures = new ArrayList<>();
        for (SmsProvider provider : order) {
            SendResult result = timed(provider, sms);
            switch (result) {
                case SendResult.Sent sent -> {
                    return new RouteResult(sent, failures);
                }
                case SendResult.MessageFatal fatal -> {
                    failures.add(fatal);
                    return new RouteResult(fatal, failures);
                }
                case SendResult.Retryable retryable -> failures.add(retryable);
                case SendResult.ProviderFatal providerFatal -> failures.add(providerFatal);
            }
        }
        return new RouteResult(decisive(failures), failures);
    }

    private SendResult timed(SmsProvider provider, OutgoingSms sms) {
        long start = System.nanoTime();
        SendResult result = provider.send(sms);
        String label = switch (result) {
            case SendResult.Sent ignored -> "sent";
            case SendResult.Failed failed -> failed.errorClass().name().toLowerCase(java.util.Locale.ROOT);
        };
        metrics.providerCall(provider.name(), label, java.time.Duration.ofNanos(System.nanoTime() - start));
        return result;
    }

    /** When all failed: retryable if any provider may succeed later, provider-fatal only if none can. */
    private static SendResult.Failed decisive(List<SendResult.Failed> failures) {
        for (int i = failures.size() - 1; i >= 0; i--) {
            if (failures.get(i) instanceof SendResult.Retryable retryable) {
                return retryable;
            }
        }
        return failures.getLast();
    }
}
