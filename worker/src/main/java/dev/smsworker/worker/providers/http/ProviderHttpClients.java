package dev.smsworker.worker.providers.http;

import dev.smsworker.worker.tracing.MessageTracing;
import dev.smsworker.worker.tracing.ProviderCallTracing;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.springframework.stereotype.Component;
import org.springframework.retry.support.RetryTemplate;

import java.util.concurrent.TimeUnit;

/** One shared OkHttpClient (one connection pool); each provider derives its own timeouts from it. */
@Component
public class ProviderHttpClients {

    private final OkHttpClient shared;
    private final RetryTemplate connectRetry;

    ProviderHttpClients(ConnectRetryProperties retry, MessageTracing tracing) {
        this.shared = new OkHttpClient.Builder()
                .addInterceptor(new ProviderCallTracing(tracing))
                // OkHttp would otherwise resend some failed requests itself, and a resent POST is a
                // second SMS. Only our own code retries, and only where nothing can have been sent.
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .eventListener(WriteTracker.LISTENER)
                // Many sends are in flight at once (one virtual thread each); keep their connections.
                .connectionPool(new ConnectionPool(512, 5, TimeUnit.MINUTES))
                .dispatcher(unboundedDispatcher())
                .build();
        this.connectRetry = RetryTemplate.builder()
                .maxAttempts(Math.max(1, retry.connectAttempts()))
                .fixedBackoff(Math.max(1, retry.connectBackoff().toMillis()))
                .retryOn(ProviderHttpClient.NotWritten.class)
                .build();
    }

    /** A client for one provider, sharing the pool, with that provider's timeouts. */
    public ProviderHttpClient forProvider(ProviderTimeouts timeouts) {
        OkHttpClient client = shared.newBuilder()
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
