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
 * provider connection pools of its own, split in {@value #POOL_STRIPES} stripes.
 *
 * <p>Why stripes: OkHttp finds a free HTTP/1.1 connection by scanning every connection of its pool under
 * each connection's lock, on every call. With a send per virtual thread a pool holds as many connections as
 * sends in flight (hundreds to a thousand), and one shared pool of ~500 was scanned on every call (issue 16:
 * about 40 µs per message). A call takes the stripe of its thread, so a scan covers a sixteenth of the
 * connections; a provider's pools are its own, so a slow provider's connections are never scanned for another's.
 */
@Component
public class ProviderHttpClients {

    /** Pools per provider: scans stay short at a thousand sends in flight, and a stripe still reuses its connections. */
    static final int POOL_STRIPES = 16;
    /** Idle connections kept per provider, across its stripes; busy ones are not limited. */
    static final int MAX_IDLE_PER_PROVIDER = 1024;

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

    /** A client for one provider, with that provider's timeouts and connection pools. */
    public ProviderHttpClient forProvider(ProviderTimeouts timeouts) {
        OkHttpClient[] stripes = new OkHttpClient[POOL_STRIPES];
        for (int i = 0; i < POOL_STRIPES; i++) {
            stripes[i] = shared.newBuilder()
                    .connectionPool(new ConnectionPool(MAX_IDLE_PER_PROVIDER / POOL_STRIPES, 5, TimeUnit.MINUTES))
                    .connectTimeout(timeouts.connectTimeout())
                    .readTimeout(timeouts.readTimeout())
                    .writeTimeout(timeouts.readTimeout())
                    .callTimeout(timeouts.callTimeout())
                    .build();
        }
        return new ProviderHttpClient(stripes, connectRetry);
    }

    private static Dispatcher unboundedDispatcher() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(4096);
        dispatcher.setMaxRequestsPerHost(4096);
        return dispatcher;
    }
}
