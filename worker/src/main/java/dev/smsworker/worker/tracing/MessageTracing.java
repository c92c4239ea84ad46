package dev.smsworker.worker.tracing;

import dev.smsworker.contracts.Headers;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import okhttp3.Interceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Continues the publisher's W3C trace (headers {@code traceparent}, {@code tracestate}) through the worker:
 * one span per attempt ("sms attempt", from consume to outcome stored) and one per provider HTTP call
 * ("sms provider call"), with the trace context written into every message and event the attempt
 * publishes and into the provider request.
 *
 * <p>Uses the Micrometer Tracing API by hand: the worker consumes from its own lane consumers on virtual
 * threads, not through {@code @RabbitListener}, so Spring AMQP's observations never see the messages.
 * Without a {@link Tracer} bean (tracing left out of the context) everything here is a no-op, and the
 * publisher's own headers are still carried as received.
 */
@Component
public class MessageTracing {

    /** AMQP header values arrive as String (or LongString, whose toString is the text). */
    private static final Propagator.Getter<Map<String, Object>> HEADERS = (headers, name) -> {
        Object value = headers.get(name);
        return value == null ? null : value.toString();
    };

    private final Tracer tracer;
    private final Propagator propagator;

    @Autowired
    MessageTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    public MessageTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Tracing off: for code built outside the Spring context (tests, benchmarks). */
    public static MessageTracing none() {
        return new MessageTracing(Tracer.NOOP, Propagator.NOOP);
    }

    /**
     * Starts the attempt's span as a child of the message's {@code traceparent} (a new trace if it has none or
     * an invalid one) and makes it current on this thread until {@link Attempt#close()}.
     *
     * @param headers the AMQP headers as received
     * @param queue   the work queue, tagged on the span
     */
    public Attempt startAttempt(Map<String, Object> headers, String queue) {
        Span span = propagator.extract(headers, HEADERS)
                .name("sms attempt")
                .kind(Span.Kind.CONSUMER)
                .tag("messaging.system", "rabbitmq")
                .tag("messaging.destination.name", queue == null ? "" : queue)
                .start();
        return new Attempt(span, tracer.withSpan(span));
    }

    /**
     * Replaces {@code traceparent}/{@code tracestate} in an outbound message's headers with the current span's
     * (same trace id, the attempt as parent). Leaves them as they are when no span is current or it has no
     * valid context (tracing switched off).
     */
    public void inject(Map<String, Object> headers) {
        Span current = tracer.currentSpan();
        // Not isNoop(): the OpenTelemetry bridge calls an unsampled span a no-op, but its ids are real and
        // are what keeps an unsampled trace joined up downstream.
        if (current == null) {
            return;
        }
        Map<String, Object> context = new java.util.HashMap<>();
        propagator.inject(current.context(), context, Map::put);
        // A no-op or invalid span context writes nothing: the headers as received are then the best we have.
        if (context.containsKey(Headers.TRACEPARENT)) {
            headers.remove(Headers.TRACESTATE);
            headers.putAll(context);
        }
    }

    /** For the provider clients: a span per HTTP call, and its trace context on the request. */
    public Interceptor providerCalls() {
        return new ProviderCallSpans(tracer, propagator);
    }

    /** The attempt's span, current until closed; closing ends it. */
    public static final class Attempt implements AutoCloseable {
        private final Span span;
        private final Tracer.SpanInScope scope;

        Attempt(Span span, Tracer.SpanInScope scope) {
            this.span = span;
            this.scope = scope;
        }

        /** Tags the span with the attempt's outcome (sent, retrying, failed, requeued). */
        public void outcome(String outcome) {
            span.tag("sms.outcome", outcome);
        }

        @Override
        public void close() {
            scope.close();
            span.end();
        }
    }
}
