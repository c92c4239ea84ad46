package dev.smsworker.worker.tracing;

import dev.smsworker.contracts.Headers;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;

/**
 * An OkHttp application interceptor: one "sms provider call" span per request, a child of the attempt
 * (OkHttp runs application interceptors of a synchronous call on the caller's thread, where the attempt's
 * span is current), and that span's {@code traceparent} on the request so a provider that traces can join.
 * Errors are tagged with the exception type only: messages can carry URLs with account ids.
 */
final class ProviderCallSpans implements Interceptor {

    private final Tracer tracer;
    private final Propagator propagator;

    ProviderCallSpans(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Span span = tracer.nextSpan()
                .name("sms provider call")
                .tag("http.request.method", request.method())
                .tag("server.address", request.url().host())
                .start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            Request.Builder traced = request.newBuilder()
                    .removeHeader(Headers.TRACEPARENT)
                    .removeHeader(Headers.TRACESTATE);
            propagator.inject(span.context(), traced, Request.Builder::header);
            Response response = chain.proceed(traced.build());
            span.tag("http.response.status_code", Integer.toString(response.code()));
            return response;
        } catch (IOException | RuntimeException e) {
            span.tag("error", e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }
}
