package dev.smsworker.worker.providers.http;

import dev.smsworker.worker.tracing.MessageTracing;

import java.time.Duration;

/** The real {@link ProviderHttpClients}, for provider tests outside this package. */
public final class TestHttpClients {

    private TestHttpClients() {
    }

    /** @param connectAttempts in-process attempts when a connection fails before the request is written */
    public static ProviderHttpClients withConnectAttempts(int connectAttempts, Duration connectBackoff) {
        return new ProviderHttpClients(new ConnectRetryProperties(connectAttempts, connectBackoff), MessageTracing.NONE);
    }
}
