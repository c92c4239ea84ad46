package dev.smsworker.worker.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;

/**
 * One span per provider call ({@code sms provider call}, kind CLIENT, a child of the attempt's span), and
 * the call's context in the request's {@code traceparent} header, so a provider or in-house gateway that
 * traces can join. Tags: HTTP method, host and status; never the URL's query, the form or the answer.
 */
public final class ProviderCallTracing implements Interceptor {

    private final MessageTracing tracing;

    public ProviderCallTracing(MessageTracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Tracer tracer = tracing.tracer();
        Request request = chain.request();
        Span.Builder builder = tracer.spanBuilder().name("sms provider call").kind(Span.Kind.CLIENT)
                .tag("http.request.method", request.method())
                .tag("server.address", request.url().host());
        Span attempt = tracer.currentSpan();
        Span span = (attempt == null ? builder.setNoParent() : builder.setParent(attempt.context())).start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            Request.Builder traced = request.newBuilder();
            tracing.propagator().inject(span.context(), traced, Request.Builder::header);
            Response response = chain.proceed(traced.build());
            span.tag("http.response.status_code", String.valueOf(response.code()));
            return response;
        } catch (IOException | RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
