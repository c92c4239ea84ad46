package dev.smsworker.worker.providers.http;

import dev.smsworker.worker.tracing.MessageTracing;
import dev.smsworker.worker.retry.RetryProperties;

import java.time.Duration;
import java.util.List;

/** The real {@link ProviderHttpClients}, for provider tests outside this package. */
public final class TestHttpClients {

    private TestHttpClients() {
    }

    /** @param connectAttempts in-process attempts when a connection fails before the request is written */
    public static ProviderHttpClients withConnectAttempts(int connectAttempts, Duration connectBackoff) {
        return new ProviderHttpClients(new RetryProperties(List.of(Duration.ofMinutes(1)), Duration.ofMinutes(10),
                connectAttempts, connectBackoff), MessageTracing.NONE);
    }
}
