package dev.smsworker.worker.providers.http;

import dev.smsworker.worker.tracing.MessageTracing;
import dev.smsworker.worker.tracing.ProviderCallTracing;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * The provider HTTP clients: one configuration (interceptors, no OkHttp retries or redirects), and for each
 * provider a connection pool of its own.
 *
 * <p>Why a pool per provider: OkHttp finds a free HTTP/1.1 connection by scanning the pool's connections on every
 * call, and with a send per virtual thread a pool holds about as many connections as sends in flight. One shared
 * pool made every provider's calls scan every provider's connections (issue 16). Splitting one provider's pool
 * further (16 stripes by calling thread) was measured too and did not lower the share of the profile spent finding
 * a connection (2.7% of samples either way), so it was left out.
 */
@Component
public class ProviderHttpClients {

    /**
     * Idle connections kept per provider; busy ones are not limited. Above the sends a provider can have in flight
     * (up to 1,000 per lane): a pool never holds more connections than were busy at once, and a lower limit closed
     * connections that the next burst opened again (a TCP connect costs many calls' worth of CPU). Idle ones still
     * close after 5 minutes.
     */
    static final int MAX_IDLE_PER_PROVIDER = 4096;

    private final OkHttpClient shared;
    private final ConnectRetryProperties connectRetry;

    ProviderHttpClients(ConnectRetryProperties retry, MessageTracing tracing) {
        this.shared = new OkHttpClient.Builder()
                .addInterceptor(new ProviderCallTracing(tracing))
                // OkHttp would otherwise resend some failed requests itself, and a resent POST is a
                // second SMS. Only our own code retries, and only where nothing can have been sent.
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .eventListener(WriteTracker.LISTENER)
                .dispatcher(unboundedDispatcher())
                .build();
        this.connectRetry = retry;
    }

    /** A client for one provider, with that provider's timeouts and connection pool. */
    public ProviderHttpClient forProvider(ProviderTimeouts timeouts) {
        OkHttpClient client = shared.newBuilder()
                .connectionPool(new ConnectionPool(MAX_IDLE_PER_PROVIDER, 5, TimeUnit.MINUTES))
                .connectTimeout(timeouts.connectTimeout())
                .readTimeout(timeouts.readTimeout())
                .writeTimeout(timeouts.readTimeout())
                .callTimeout(timeouts.callTimeout())
                .build();
        return new ProviderHttpClient(client, connectRetry);
    }

    private static Dispatcher unboundedDispatcher() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(4096);
        dispatcher.setMaxRequestsPerHost(4096);
        return dispatcher;
    }
}
