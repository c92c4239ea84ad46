package dev.smsworker.worker.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * W3C trace context through the worker (issue 15): a publisher's {@code traceparent} / {@code tracestate}
 * AMQP headers become the parent of the attempt's span; every message the worker publishes while that span
 * is current (the delay-queue and failed republishes, the status events) carries the attempt's context on,
 * so retries, failovers, replays and events stay in the publisher's trace. A message without a
 * {@code traceparent} starts a trace of its own, which its retries then continue.
 *
 * <p>Micrometer Tracing with the OpenTelemetry bridge (Spring Boot's auto-configuration). Spans are
 * exported only when {@code management.opentelemetry.tracing.export.otlp.endpoint} is set; the ids reach the
 * headers and the log lines ({@code traceId}, {@code spanId}) either way. Span attributes never hold the
 * recipient or the body.
 */
@Component
public class MessageTracing {

    /** No tracer: the pipeline runs as before, nothing is read or written. For tests that build parts by hand. */
    public static final MessageTracing NONE = new MessageTracing(Tracer.NOOP, Propagator.NOOP);

    private static final Propagator.Getter<Map<String, Object>> HEADERS = (headers, name) -> text(headers.get(name));
    private static final Propagator.Setter<Map<String, Object>> PUT = Map::put;

    private final Tracer tracer;
    private final Propagator propagator;

    @Autowired
    MessageTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    MessageTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /**
     * Runs one delivery's processing in the span {@code sms attempt} (kind CONSUMER), a child of the trace
     * context in {@code headers} when they carry one.
     *
     * @param headers the delivery's AMQP headers (values as the client gives them: LongString, String)
     * @param queue   the work queue it came from, for the span's {@code messaging.destination.name}
     * @param messageId the message's id, or null
     */
    public <T> T inAttempt(Map<String, Object> headers, String queue, String messageId, Supplier<T> work) {
        Span span = propagator.extract(headers == null ? Map.of() : headers, HEADERS)
                .name("sms attempt")
                .kind(Span.Kind.CONSUMER)
                .start();
        // Tagged once started, and only when sampled: an unsampled span records nothing, and tags given to its
        // builder were collected and copied for nothing on every message (issue 16). No sampler here reads them.
        if (!span.isNoop()) {
            span.tag("messaging.system", "rabbitmq");
            span.tag("messaging.destination.name", queue);
            if (messageId != null) {
                span.tag("messaging.message.id", messageId);
            }
        }
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * Writes the current span's context as {@code traceparent} (and {@code tracestate}) into headers of a
     * message about to be published, replacing what the publisher had there: the next attempt's parent is
     * this attempt. Does nothing outside a span.
     */
    public void inject(Map<String, Object> headers) {
        Span current = tracer.currentSpan();
        if (current != null) {
            propagator.inject(current.context(), headers, PUT);
        }
    }

    Tracer tracer() {
        return tracer;
    }

    Propagator propagator() {
        return propagator;
    }

    private static String text(Object value) {
        // The Java client hands header strings over as LongString; byte[] from some publishers.
        return switch (value) {
            case null -> null;
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            default -> value.toString();
        };
    }
}
