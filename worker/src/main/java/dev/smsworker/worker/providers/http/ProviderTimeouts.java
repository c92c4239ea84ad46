package dev.smsworker.worker.providers.http;

import java.time.Duration;

/**
 * Timeouts of one provider's HTTP calls.
 *
 * @param connect TCP and TLS set-up
 * @param read    between bytes of the answer
 * @param call    the whole of one call; each in-process retry of a failed connect is a call of its own
 */
public record ProviderTimeouts(Duration connect, Duration read, Duration call) {

    public static ProviderTimeouts defaults() {
        return new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(15));
    }
}
